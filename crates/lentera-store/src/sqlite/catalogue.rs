//! The indicator catalogue, and the facts of the measures that the report aggregates do not
//! hold: reporting completeness and timeliness, programme libraries, event participation.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, params, params_from_iter};

use super::{SqliteStore, bad, db_err, id_at, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::catalogue::{Filter, Indicator, IndicatorFields, Measure};
use lentera_core::event::RegistrationStatus;
use lentera_core::library::{ProgrammeLibraries, ProgrammeTier};
use lentera_core::monthly::{DueLibrary, Period, ReportingDuty, Submission};
use lentera_core::region::{RegionCode, child_code_len};
use lentera_core::store::{CatalogueStore, ProgrammeCount, TrainingFact};
use lentera_core::{Error, Result};

const COLUMNS: &str = "id, code, name, name_en, definition, measure, categories, tier, event_type_id, headline,
    position, active, built_in, version";

fn indicator(r: &rusqlite::Row) -> rusqlite::Result<Indicator> {
    let measure: String = r.get(5)?;
    let categories: Option<String> = r.get(6)?;
    let tier: Option<String> = r.get(7)?;
    Ok(Indicator {
        id: r.get(0)?,
        code: r.get(1)?,
        name: r.get(2)?,
        name_en: r.get(3)?,
        definition: r.get(4)?,
        measure: Measure::parse(&measure).ok_or_else(|| bad(5))?,
        filter: Filter {
            categories: categories
                .unwrap_or_default()
                .split(',')
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().map_err(|_| bad(6)))
                .collect::<rusqlite::Result<_>>()?,
            tier: tier.map(|t| ProgrammeTier::parse(&t).ok_or_else(|| bad(7))).transpose()?,
            event_type: r.get(8)?,
        },
        headline: r.get(9)?,
        position: r.get(10)?,
        active: r.get(11)?,
        built_in: r.get(12)?,
        version: r.get(13)?,
    })
}

/// `params` followed by what [`super::programme_libraries`] binds at the next two places: the
/// status, then the joining year when the selection has one.
fn programme_params(f: &ProgrammeLibraries, mut params: Vec<Value>) -> Vec<Value> {
    params.push(f.status.code().to_string().into());
    params.extend(f.joined_by.map(|y| Value::Integer(y.into())));
    params
}

fn span(parent: Option<&RegionCode>) -> (String, String) {
    parent.map(|r| subtree(r.as_str())).unwrap_or(("".into(), "~".into()))
}

/// The child code at the front of a longer code; `None` when the code is shorter (an office
/// above the child level) or when no breakdown was asked for.
fn child_code(code: &str, len: usize, by_child: bool) -> rusqlite::Result<Option<RegionCode>> {
    if !by_child || code.len() < len {
        return Ok(None);
    }
    RegionCode::parse(&code[..len]).map(Some).map_err(|_| bad(0))
}

impl CatalogueStore for SqliteStore {
    fn indicators(&self, include_inactive: bool) -> Result<Vec<Indicator>> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM indicators WHERE ?1 OR active = 1 ORDER BY position, name"
            ))
            .map_err(db_err)?
            .query_map([include_inactive], indicator)
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn save_indicator(
        &self,
        id: Option<i64>,
        f: &IndicatorFields,
        version: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Indicator> {
        let categories = (!f.filter.categories.is_empty())
            .then(|| f.filter.categories.iter().map(i64::to_string).collect::<Vec<_>>().join(","));
        let tier = f.filter.tier.map(|t| t.code());
        let measure = f.measure.code();
        // ?1–?12 are the same for adding and changing; ?13 is the id of a change.
        let values: [&dyn rusqlite::ToSql; 12] = [
            &f.code,
            &f.name,
            &f.name_en,
            &f.definition,
            &measure,
            &categories,
            &tier,
            &f.filter.event_type,
            &f.headline,
            &f.position,
            &f.active,
            &now,
        ];
        self.write(|tx| {
            let id = match id {
                None => {
                    tx.execute(
                        "INSERT INTO indicators (code, name, name_en, definition, measure, categories, tier,
                             event_type_id, headline, position, active, created_at, updated_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                        &values[..],
                    )
                    .map_err(db_err)?;
                    tx.last_insert_rowid()
                }
                Some(id) => {
                    let current: i64 = tx
                        .query_row("SELECT version FROM indicators WHERE id = ?", [id], |r| r.get(0))
                        .optional()
                        .map_err(db_err)?
                        .ok_or(Error::NotFound)?;
                    if version.is_some_and(|v| v != current) {
                        return Err(Error::Stale);
                    }
                    let mut with_id = values.to_vec();
                    with_id.push(&id);
                    tx.execute(
                        "UPDATE indicators SET code = ?1, name = ?2, name_en = ?3, definition = ?4, measure = ?5,
                             categories = ?6, tier = ?7, event_type_id = ?8, headline = ?9, position = ?10,
                             active = ?11, updated_at = ?12, version = version + 1
                         WHERE id = ?13",
                        &with_id[..],
                    )
                    .map_err(db_err)?;
                    id
                }
            };
            write_audit(tx, &audit, Some(id))?;
            tx.query_row(&format!("SELECT {COLUMNS} FROM indicators WHERE id = ?"), [id], indicator).map_err(db_err)
        })
    }

    fn reporting_facts(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        duty: &ReportingDuty,
    ) -> Result<(Vec<DueLibrary>, Vec<Submission>)> {
        let (lo, hi) = span(region);
        self.read(|c| {
            let due = c
                .prepare_cached(&format!(
                    "SELECT l.id, l.region_code, l.programme_year FROM libraries l WHERE {} AND {}",
                    super::programme_libraries(&duty.libraries, "?4", "?1"),
                    super::in_subtree("?2", "?3")
                ))
                .map_err(db_err)?
                .query_map(params![duty.libraries.joined_by, lo, hi, duty.libraries.status.code()], |r| {
                    let code: String = r.get(1)?;
                    Ok(DueLibrary {
                        id: id_at(r, 0)?,
                        region_code: RegionCode::parse(&code).map_err(|_| bad(1))?,
                        joined: r.get(2)?,
                    })
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            // Reports sent in the subtree; read from the covering index.
            let sent = c
                .prepare_cached(
                    "SELECT m.library_id, m.period, m.submitted_at FROM monthly_reports m
                     WHERE m.period >= ?1 AND m.period <= ?2 AND m.region_code >= ?3 AND m.region_code < ?4
                       AND m.status <> ?5",
                )
                .map_err(db_err)?
                .query_map(params![from.to_string(), to.to_string(), lo, hi, duty.unsent.code()], |r| {
                    let period: String = r.get(1)?;
                    Ok(Submission {
                        library_id: id_at(r, 0)?,
                        period: Period::parse(&period).ok_or_else(|| bad(1))?,
                        submitted_at: r.get(2)?,
                    })
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok((due, sent))
        })
    }

    fn advocacy_facts(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        members: ProgrammeLibraries,
    ) -> Result<lentera_core::advocacy::AdvocacyFacts> {
        self.read(|c| super::advocacy::facts(c, region, from, to, &members))
    }

    fn programme_counts(
        &self,
        region: Option<&RegionCode>,
        members: ProgrammeLibraries,
        by_child: bool,
    ) -> Result<Vec<ProgrammeCount>> {
        let len = child_code_len(region);
        let (lo, hi) = span(region);
        self.read(|c| {
            let rows = c
                .prepare_cached(&format!(
                    "SELECT substr(l.region_code, 1, ?1), l.programme_year, l.programme_tier, count(*) FROM libraries l
                     WHERE {} AND +l.region_code >= ?2 AND +l.region_code < ?3
                     GROUP BY 1, 2, 3",
                    super::programme_libraries(&members, "?4", "?5")
                ))
                .map_err(db_err)?
                .query_map(
                    params_from_iter(programme_params(&members, vec![(len as i64).into(), lo.into(), hi.into()])),
                    |r| {
                        let code: String = r.get(0)?;
                        let tier: Option<String> = r.get(2)?;
                        Ok(ProgrammeCount {
                            region: child_code(&code, len, by_child)?,
                            year: r.get(1)?,
                            tier: tier.as_deref().and_then(ProgrammeTier::parse),
                            libraries: r.get(3)?,
                        })
                    },
                )
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(rows.into_iter().filter(|r| r.region.is_some() || !by_child).collect())
        })
    }

    fn training_facts(
        &self,
        region: Option<&RegionCode>,
        from: Period,
        to: Period,
        status: RegistrationStatus,
    ) -> Result<Vec<TrainingFact>> {
        let (lo, hi) = span(region);
        let (first, after) = (from.first_day().to_string(), to.next().first_day().to_string());
        self.read(|c| {
            c.prepare_cached(
                "SELECT p.id, p.region_code, e.type_id, substr(e.end_date, 1, 7),
                        CAST(julianday(e.end_date) - julianday(e.start_date) AS INTEGER) + 1,
                        (SELECT count(*) FROM attendance a WHERE a.registration_id = r.id AND a.present = 1),
                        e.attendance_threshold,
                        (SELECT 100.0 * t.score / t.total FROM test_attempts t WHERE t.event_id = r.event_id
                           AND t.kind = 'pre' AND t.registration_id = r.id AND t.submitted_at IS NOT NULL AND t.total > 0),
                        (SELECT 100.0 * t.score / t.total FROM test_attempts t WHERE t.event_id = r.event_id
                           AND t.kind = 'post' AND t.registration_id = r.id AND t.submitted_at IS NOT NULL AND t.total > 0)
                 FROM events e JOIN registrations r ON r.event_id = e.id JOIN people p ON p.id = r.person_id
                 WHERE e.end_date >= ?1 AND e.end_date < ?2 AND r.status = ?5
                   AND p.region_code >= ?3 AND p.region_code < ?4
                 ORDER BY e.end_date, e.id",
            )
            .map_err(db_err)?
            .query_map(params![first, after, lo, hi, status.code()], |r| {
                let code: String = r.get(1)?;
                let period: String = r.get(3)?;
                Ok(TrainingFact {
                    person_id: r.get(0)?,
                    region_code: RegionCode::parse(&code).map_err(|_| bad(1))?,
                    event_type: r.get(2)?,
                    period: Period::parse(&period).ok_or_else(|| bad(3))?,
                    days: r.get(4)?,
                    present_days: r.get(5)?,
                    threshold: r.get(6)?,
                    pre: r.get(7)?,
                    post: r.get(8)?,
                })
            })
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }
}
