//! The facts behind KPI colours: counted activities and their participants per library and
//! month, and when the month's figures were sent. What counts, who owes reports and how a
//! month is scored are the core's; this renders them.

use rusqlite::types::Value;
use rusqlite::{Row, params_from_iter};

use super::{SqliteStore, db_err, id_at, subtree};
use lentera_core::Result;
use lentera_core::activity::Participants;
use lentera_core::ids::LibraryId;
use lentera_core::kpi::KpiFacts;
use lentera_core::monthly::{Period, ReportingDuty};
use lentera_core::region::RegionCode;
use lentera_core::store::KpiStore;

/// Columns for one library-month; `?1` is the joining year, `?2`/`?3` the month's date
/// range, `?4` the period, `?5` the counted status, `?6` the unsent one, `?7` the library
/// status owing reports. The month's activities are joined on the (library, date) index and
/// grouped per library, so the cost follows the number of libraries asked about; callers add
/// their WHERE and end with `GROUP BY l.id`.
fn facts(duty: &ReportingDuty) -> String {
    format!(
        "SELECT l.id, l.name, l.region_code, {},
        count(x.id), coalesce(sum(x.male), 0), coalesce(sum(x.female), 0),
        (SELECT m.submitted_at FROM monthly_reports m WHERE m.library_id = l.id AND m.period = ?4 AND m.status <> ?6)
     FROM libraries l
     LEFT JOIN activities x
       ON x.library_id = l.id AND x.start_date >= ?2 AND x.start_date < ?3 AND x.status = ?5",
        super::programme_libraries(&duty.libraries, "?7", "?1")
    )
}

fn row(period: Period) -> impl Fn(&Row) -> rusqlite::Result<KpiFacts> {
    move |r| {
        let code: String = r.get(2)?;
        let participants = Participants { male: r.get(5)?, female: r.get(6)?, ..Default::default() };
        Ok(KpiFacts {
            library_id: id_at(r, 0)?,
            library_name: r.get(1)?,
            region_code: RegionCode::parse(&code).map_err(|_| {
                rusqlite::Error::InvalidColumnType(2, "region_code".into(), rusqlite::types::Type::Text)
            })?,
            period,
            expected: r.get(3)?,
            activities: r.get(4)?,
            participants: participants.total(),
            monthly_submitted_at: r.get(7)?,
        })
    }
}

fn base_params(period: Period, duty: &ReportingDuty) -> Vec<Value> {
    vec![
        duty.libraries.joined_by.map(i64::from).into(),
        period.first_day().to_string().into(),
        period.next().first_day().to_string().into(),
        period.to_string().into(),
        duty.counted.code().to_string().into(),
        duty.unsent.code().to_string().into(),
        duty.libraries.status.code().to_string().into(),
    ]
}

impl KpiStore for SqliteStore {
    fn kpi_facts_in(&self, region: Option<&RegionCode>, period: Period, duty: &ReportingDuty) -> Result<Vec<KpiFacts>> {
        let (lo, hi) = region.map(|r| subtree(r.as_str())).unwrap_or(("".into(), "~".into()));
        let mut p = base_params(period, duty);
        p.extend([lo.into(), hi.into()]);
        self.read(|c| {
            let sql = format!(
                "{} WHERE {} AND {} GROUP BY l.id ORDER BY l.region_code, l.name",
                facts(duty),
                super::programme_libraries(&duty.libraries, "?7", "?1"),
                super::in_subtree("?8", "?9")
            );
            c.prepare_cached(&sql)
                .map_err(db_err)?
                .query_map(params_from_iter(p), row(period))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn kpi_facts_of(&self, library_ids: &[LibraryId], period: Period, duty: &ReportingDuty) -> Result<Vec<KpiFacts>> {
        let library_ids: Vec<i64> = library_ids.iter().map(|l| l.get()).collect();
        if library_ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = base_params(period, duty);
        p.extend(library_ids.iter().map(|id| Value::Integer(*id)));
        let marks = vec!["?"; library_ids.len()].join(", ");
        self.read(|c| {
            c.prepare(&format!("{} WHERE l.id IN ({marks}) GROUP BY l.id", facts(duty)))
                .map_err(db_err)?
                .query_map(params_from_iter(p), row(period))
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }
}
