//! Stakeholders, advocacy activities (with the stakeholders met) and commitments, each read
//! with its owner (a library, or an office's region) and, for commitments, what is recorded
//! for the plan line they are expected in.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{
    SqliteStore, bad, collect, date_at, db_err, id_at, opt_date_at, owner_at, owner_values, region_at, subtree,
    write_audit,
};
use lentera_core::advocacy::CommitmentFilter;
use lentera_core::advocacy::{
    Advocacy, AdvocacyFields, AdvocacyFilter, AdvocacyKind, Commitment, CommitmentFields, CommitmentKind,
    CommitmentStanding, Owner, Stakeholder, StakeholderFields, StakeholderFilter, StakeholderKind, StakeholderRole,
};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::{ActivityId, LibraryId};
use lentera_core::library::{Page, PageRequest};
use lentera_core::partners::{Target, UnlinkedText};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::store::AdvocacyStore;
use lentera_core::workplan::{BudgetOutcome, FundingSource};
use lentera_core::{Error, Result};

fn parsed<T>(r: &Row, i: usize, parse: fn(&str) -> Option<T>) -> rusqlite::Result<T> {
    let s: String = r.get(i)?;
    parse(&s).ok_or_else(|| bad(i))
}

const STAKEHOLDER: &str = "SELECT s.id, s.library_id, l.name, s.region_code, s.name, s.kind, s.position, s.phone,
    s.email, s.role, s.since, s.until, s.notes, s.updated_at, s.version
    FROM stakeholders s LEFT JOIN libraries l ON l.id = s.library_id";

fn stakeholder_row(r: &Row) -> rusqlite::Result<Stakeholder> {
    Ok(Stakeholder {
        id: r.get(0)?,
        owner: owner_at(r, 1)?,
        name: r.get(4)?,
        kind: parsed(r, 5, StakeholderKind::parse)?,
        position: r.get(6)?,
        phone: r.get(7)?,
        email: r.get(8)?,
        role: parsed(r, 9, StakeholderRole::parse)?,
        since: opt_date_at(r, 10)?,
        until: opt_date_at(r, 11)?,
        notes: r.get(12)?,
        updated_at: r.get(13)?,
        version: r.get(14)?,
    })
}

fn stakeholder_values(f: &StakeholderFields) -> Vec<Value> {
    let text = |v: &Option<String>| v.clone().map(Value::Text).unwrap_or(Value::Null);
    let date = |d: Option<time::Date>| d.map(|d| Value::Text(d.to_string())).unwrap_or(Value::Null);
    vec![
        f.name.clone().into(),
        lentera_core::text::fold(&f.name).into(),
        f.kind.code().to_string().into(),
        text(&f.position),
        text(&f.phone),
        text(&f.email),
        f.role.code().to_string().into(),
        date(f.since),
        date(f.until),
        text(&f.notes),
    ]
}

const COMMITMENT: &str = "SELECT c.id, c.advocacy_id, c.stakeholder_id, s.name, a.library_id, l.name, a.region_code,
    c.kind, c.description, c.source, c.amount, c.year, c.due, c.line_no, c.resolution, o.approved, o.realised, c.created_at
    FROM commitments c
    JOIN advocacy_activities a ON a.id = c.advocacy_id
    JOIN stakeholders s ON s.id = c.stakeholder_id
    LEFT JOIN libraries l ON l.id = a.library_id
    LEFT JOIN budget_outcomes o ON o.library_id = a.library_id AND o.year = c.year AND o.line_no = c.line_no";

fn commitment_row(r: &Row) -> rusqlite::Result<Commitment> {
    commitment_at(r, 0)
}

/// A commitment from the columns of [`COMMITMENT`] starting at `o`.
fn commitment_at(r: &Row, o: usize) -> rusqlite::Result<Commitment> {
    let source: Option<String> = r.get(o + 9)?;
    let resolution: Option<String> = r.get(o + 14)?;
    Ok(Commitment {
        id: r.get(o)?,
        advocacy_id: r.get(o + 1)?,
        stakeholder_id: r.get(o + 2)?,
        stakeholder_name: r.get(o + 3)?,
        owner: owner_at(r, o + 4)?,
        kind: parsed(r, o + 7, CommitmentKind::parse)?,
        description: r.get(o + 8)?,
        source: source.map(|s| FundingSource::parse(&s).ok_or_else(|| bad(o + 9))).transpose()?,
        amount: r.get(o + 10)?,
        year: r.get(o + 11)?,
        due: opt_date_at(r, o + 12)?,
        line_no: r.get(o + 13)?,
        resolution: resolution.map(|s| CommitmentStanding::parse(&s).ok_or_else(|| bad(o + 14))).transpose()?,
        recorded: BudgetOutcome { approved: r.get(o + 15)?, realised: r.get(o + 16)? },
        created_at: r.get(o + 17)?,
    })
}

/// The advocacy indicators' raw facts (see [`lentera_core::advocacy::AdvocacyFacts`]).
pub(super) fn facts(
    c: &Connection,
    region: Option<&RegionCode>,
    from: lentera_core::monthly::Period,
    to: lentera_core::monthly::Period,
    members: &lentera_core::library::ProgrammeLibraries,
) -> Result<lentera_core::advocacy::AdvocacyFacts> {
    use lentera_core::monthly::Period;
    let (lo, hi) = region.map(|r| subtree(r.as_str())).unwrap_or(("".into(), "~".into()));
    let (first, last) = (from.first_day().to_string(), to.last_day().to_string());
    let month = |r: &Row, i: usize| -> rusqlite::Result<Period> {
        let s: String = r.get(i)?;
        Period::parse(&s).ok_or_else(|| bad(i))
    };
    let pairs = |sql: &str| -> Result<Vec<(RegionCode, Period)>> {
        collect(
            c.prepare_cached(sql)
                .map_err(db_err)?
                .query_map(params![lo, hi, first, last], |r| Ok((region_at(r, 0)?, month(r, 1)?)))
                .map_err(db_err)?,
        )
    };
    let advocacy = pairs(
        "SELECT region_code, substr(date, 1, 7) FROM advocacy_activities
         WHERE region_code >= ?1 AND region_code < ?2 AND date >= ?3 AND date <= ?4",
    )?;
    let regulations_enacted = pairs(&format!(
        "SELECT region_code, substr(enacted_on, 1, 7) FROM regulations
         WHERE region_code >= ?1 AND region_code < ?2 AND status = '{}' AND enacted_on >= ?3 AND enacted_on <= ?4",
        lentera_core::agreements::RegulationStatus::Enacted.code()
    ))?;
    let commitments = collect(
        c.prepare_cached(&format!(
            "{} WHERE a.region_code >= ?1 AND a.region_code < ?2 AND a.date >= ?3 AND a.date <= ?4",
            COMMITMENT.replacen("SELECT ", "SELECT a.region_code, substr(a.date, 1, 7), ", 1)
        ))
        .map_err(db_err)?
        .query_map(params![lo, hi, first, last], |r| Ok((region_at(r, 0)?, month(r, 1)?, commitment_at(r, 2)?)))
        .map_err(db_err)?,
    )?;
    let partnerships_active = collect(
        c.prepare_cached(
            "SELECT region_code FROM partnerships WHERE region_code >= ?1 AND region_code < ?2
               AND starts_on <= ?3 AND (ends_on IS NULL OR ends_on >= ?3)",
        )
        .map_err(db_err)?
        .query_map(params![lo, hi, last], |r| region_at(r, 0))
        .map_err(db_err)?,
    )?;
    let approved = ReportStatus::Approved.code();
    let budget_approved = collect(
        c.prepare_cached(&format!(
            "SELECT w.region_code, w.year, x.source, sum(o.approved) FROM work_plans w
             JOIN work_plan_lines x ON x.plan_id = w.id
             JOIN budget_outcomes o ON o.library_id = w.library_id AND o.year = w.year AND o.line_no = x.no
             WHERE w.region_code >= ?1 AND w.region_code < ?2 AND w.year >= ?3 AND w.year <= ?4
               AND o.approved IS NOT NULL AND {}
             GROUP BY w.region_code, w.year, x.source",
            super::workplans::in_force_condition()
        ))
        .map_err(db_err)?
        .query_map(params![lo, hi, from.year, to.year], |r| {
            let source: String = r.get(2)?;
            Ok(lentera_core::advocacy::BudgetFact {
                region: region_at(r, 0)?,
                year: r.get(1)?,
                source: lentera_core::workplan::FundingSource::parse(&source).ok_or_else(|| bad(2))?,
                rupiah: r.get(3)?,
            })
        })
        .map_err(db_err)?,
    )?;
    let mut plan_params: Vec<Value> = vec![lo.clone().into(), hi.clone().into(), i64::from(to.year).into()];
    plan_params.push(members.status.code().to_string().into());
    // The joining year is bound only when the selection has one (its placeholder is `?5`).
    plan_params.extend(members.joined_by.map(|y| Value::Integer(y.into())));
    let plans = collect(
        c.prepare_cached(&format!(
            "SELECT l.region_code, EXISTS (SELECT 1 FROM work_plans w WHERE w.library_id = l.id AND w.year = ?3
               AND w.status = '{approved}')
             FROM libraries l WHERE {} AND {}",
            super::programme_libraries(members, "?4", "?5"),
            super::in_subtree("?1", "?2")
        ))
        .map_err(db_err)?
        .query_map(params_from_iter(plan_params), |r| Ok((region_at(r, 0)?, r.get::<_, bool>(1)?)))
        .map_err(db_err)?,
    )?;
    Ok(lentera_core::advocacy::AdvocacyFacts {
        advocacy,
        commitments,
        regulations_enacted,
        partnerships_active,
        budget_approved,
        plans,
    })
}

const ADVOCACY: &str = "SELECT a.id, a.client_id, a.library_id, l.name, a.region_code, a.date, a.kind, a.message,
    a.outcome, a.created_at, a.updated_at, a.version
    FROM advocacy_activities a LEFT JOIN libraries l ON l.id = a.library_id";

fn advocacy_row(r: &Row) -> rusqlite::Result<Advocacy> {
    Ok(Advocacy {
        id: r.get(0)?,
        client_id: r.get(1)?,
        owner: owner_at(r, 2)?,
        date: date_at(r, 5)?,
        kind: parsed(r, 6, AdvocacyKind::parse)?,
        message: r.get(7)?,
        outcome: r.get(8)?,
        met: Vec::new(),
        commitments: Vec::new(),
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
        version: r.get(11)?,
    })
}

/// Fills in who was met and what was promised.
fn with_details(c: &Connection, mut a: Advocacy) -> Result<Advocacy> {
    a.met = collect(
        c.prepare_cached(
            "SELECT s.id, s.name FROM advocacy_stakeholders x JOIN stakeholders s ON s.id = x.stakeholder_id
             WHERE x.advocacy_id = ? ORDER BY s.name",
        )
        .map_err(db_err)?
        .query_map([a.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .map_err(db_err)?,
    )?;
    a.commitments = collect(
        c.prepare_cached(&format!("{COMMITMENT} WHERE c.advocacy_id = ? ORDER BY c.id"))
            .map_err(db_err)?
            .query_map([a.id], commitment_row)
            .map_err(db_err)?,
    )?;
    Ok(a)
}

fn write_met(tx: &Transaction, id: i64, ids: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM advocacy_stakeholders WHERE advocacy_id = ?", [id]).map_err(db_err)?;
    let mut ins = tx
        .prepare_cached("INSERT INTO advocacy_stakeholders (advocacy_id, stakeholder_id) VALUES (?, ?)")
        .map_err(db_err)?;
    for s in ids {
        ins.execute(params![id, s]).map_err(db_err)?;
    }
    Ok(())
}

/// Conditions on an owned table aliased `t`: region subtree and library.
fn owned_where(alias: &str, region: &Option<RegionCode>, library: Option<LibraryId>) -> (Vec<String>, Vec<Value>) {
    let mut cond = vec!["1 = 1".to_string()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(r) = region {
        let (lo, hi) = subtree(r.as_str());
        cond.push(format!("{alias}.region_code >= ? AND {alias}.region_code < ?"));
        p.extend([lo.into(), hi.into()]);
    }
    if let Some(id) = library {
        cond.push(format!("{alias}.library_id = ?"));
        p.push(id.get().into());
    }
    (cond, p)
}

fn page_of<T>(
    c: &Connection,
    count_sql: &str,
    items_sql: &str,
    p: Vec<Value>,
    page: PageRequest,
    row: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let total: i64 = c
        .prepare_cached(count_sql)
        .map_err(db_err)?
        .query_row(params_from_iter(p.iter()), |r| r.get(0))
        .map_err(db_err)?;
    let mut lp = p;
    lp.extend([page.per_page.into(), page.offset().into()]);
    let items =
        collect(c.prepare_cached(items_sql).map_err(db_err)?.query_map(params_from_iter(lp), row).map_err(db_err)?)?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

fn insert_stakeholder(tx: &Transaction, owner: &Owner, f: &StakeholderFields, now: i64) -> Result<i64> {
    let mut values: Vec<Value> = owner_values(owner).into();
    values.extend(stakeholder_values(f));
    values.extend([now.into(), now.into()]);
    tx.prepare_cached(
        "INSERT INTO stakeholders (library_id, region_code, name, search_name, kind, position, phone, email, role,
           since, until, notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .map_err(db_err)?
    .execute(params_from_iter(values))
    .map_err(db_err)?;
    Ok(tx.last_insert_rowid())
}

impl AdvocacyStore for SqliteStore {
    fn stakeholder(&self, id: i64) -> Result<Option<Stakeholder>> {
        self.read(|c| {
            c.prepare_cached(&format!("{STAKEHOLDER} WHERE s.id = ?"))
                .map_err(db_err)?
                .query_row([id], stakeholder_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn list_stakeholders(&self, f: &StakeholderFilter, page: PageRequest) -> Result<Page<Stakeholder>> {
        let (mut cond, mut p) = owned_where("s", &f.region, f.library_id);
        if let Some(k) = f.kind {
            cond.push("s.kind = ?".into());
            p.push(k.code().to_string().into());
        }
        if let Some(q) = f.query.as_deref().map(lentera_core::text::fold).filter(|q| !q.is_empty()) {
            // Folded text holds only [a-z0-9 ], so it needs no LIKE escaping.
            cond.push("s.search_name LIKE ?".into());
            p.push(format!("%{q}%").into());
        }
        let w = cond.join(" AND ");
        self.read(|c| {
            page_of(
                c,
                &format!("SELECT count(*) FROM stakeholders s WHERE {w}"),
                &format!("{STAKEHOLDER} WHERE {w} ORDER BY s.search_name, s.id LIMIT ? OFFSET ?"),
                p,
                page,
                stakeholder_row,
            )
        })
    }

    fn stakeholders_for(&self, library_id: Option<LibraryId>, region: &RegionCode) -> Result<Vec<Stakeholder>> {
        self.read(|c| {
            collect(
                c.prepare_cached(&format!(
                    "{STAKEHOLDER} WHERE (?1 IS NOT NULL AND s.library_id = ?1)
                       OR (s.library_id IS NULL AND substr(?2, 1, length(s.region_code)) = s.region_code)
                     ORDER BY s.library_id IS NULL, s.search_name LIMIT 500"
                ))
                .map_err(db_err)?
                .query_map(params![library_id.map(|l| l.get()), region.as_str()], stakeholder_row)
                .map_err(db_err)?,
            )
        })
    }

    fn insert_stakeholder(
        &self,
        owner: &Owner,
        f: &StakeholderFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Stakeholder> {
        let id = self.write(|tx| {
            let id = insert_stakeholder(tx, owner, f, now)?;
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.stakeholder(id)?.ok_or(Error::NotFound)
    }

    fn update_stakeholder(
        &self,
        id: i64,
        expected_version: i64,
        f: &StakeholderFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Stakeholder> {
        self.write(|tx| {
            let mut values = stakeholder_values(f);
            values.extend([now.into(), id.into(), expected_version.into()]);
            let n = tx
                .prepare_cached(
                    "UPDATE stakeholders SET name = ?, search_name = ?, kind = ?, position = ?, phone = ?, email = ?,
                       role = ?, since = ?, until = ?, notes = ?, updated_at = ?, version = version + 1
                     WHERE id = ? AND version = ?",
                )
                .map_err(db_err)?
                .execute(params_from_iter(values))
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(id))
        })?;
        self.stakeholder(id)?.ok_or(Error::NotFound)
    }

    fn advocacy(&self, id: i64) -> Result<Option<Advocacy>> {
        self.read(|c| {
            let a = c
                .prepare_cached(&format!("{ADVOCACY} WHERE a.id = ?"))
                .map_err(db_err)?
                .query_row([id], advocacy_row)
                .optional()
                .map_err(db_err)?;
            a.map(|a| with_details(c, a)).transpose()
        })
    }

    fn advocacy_by_client_id(&self, client_id: &str) -> Result<Option<Advocacy>> {
        let id: Option<i64> = self.read(|c| {
            c.query_row("SELECT id FROM advocacy_activities WHERE client_id = ?", [client_id], |r| r.get(0))
                .optional()
                .map_err(db_err)
        })?;
        id.map(|id| self.advocacy(id)).transpose().map(Option::flatten)
    }

    fn list_advocacy(&self, f: &AdvocacyFilter, page: PageRequest) -> Result<Page<Advocacy>> {
        let (mut cond, mut p) = owned_where("a", &f.region, f.library_id);
        if let Some(y) = f.year {
            cond.push("a.date >= ? AND a.date < ?".into());
            p.extend([format!("{y:04}-01-01").into(), format!("{:04}-01-01", y + 1).into()]);
        }
        if let Some(k) = f.kind {
            cond.push("a.kind = ?".into());
            p.push(k.code().to_string().into());
        }
        if let Some(s) = f.stakeholder_id {
            cond.push("a.id IN (SELECT advocacy_id FROM advocacy_stakeholders WHERE stakeholder_id = ?)".into());
            p.push(s.into());
        }
        let w = cond.join(" AND ");
        self.read(|c| {
            let heads = page_of(
                c,
                &format!("SELECT count(*) FROM advocacy_activities a WHERE {w}"),
                &format!("{ADVOCACY} WHERE {w} ORDER BY a.date DESC, a.id DESC LIMIT ? OFFSET ?"),
                p,
                page,
                advocacy_row,
            )?;
            let items = heads.items.into_iter().map(|a| with_details(c, a)).collect::<Result<Vec<_>>>()?;
            Ok(Page { items, ..heads })
        })
    }

    fn insert_advocacy(
        &self,
        owner: &Owner,
        client_id: Option<&str>,
        f: &AdvocacyFields,
        created_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Advocacy> {
        let id = self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO advocacy_activities (client_id, library_id, region_code, date, kind, message, outcome,
                   created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .map_err(db_err)?
            .execute(params![
                client_id,
                owner.library_id.map(|l| l.get()),
                owner.region_code.as_str(),
                f.date.to_string(),
                f.kind.code(),
                f.message,
                f.outcome,
                created_by,
                now,
                now
            ])
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_met(tx, id, &f.stakeholder_ids)?;
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.advocacy(id)?.ok_or(Error::NotFound)
    }

    fn update_advocacy(
        &self,
        id: i64,
        expected_version: i64,
        f: &AdvocacyFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Advocacy> {
        self.write(|tx| {
            let n = tx
                .prepare_cached(
                    "UPDATE advocacy_activities SET date = ?, kind = ?, message = ?, outcome = ?, updated_at = ?,
                       version = version + 1 WHERE id = ? AND version = ?",
                )
                .map_err(db_err)?
                .execute(params![f.date.to_string(), f.kind.code(), f.message, f.outcome, now, id, expected_version])
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_met(tx, id, &f.stakeholder_ids)?;
            write_audit(tx, &audit, Some(id))
        })?;
        self.advocacy(id)?.ok_or(Error::NotFound)
    }

    fn insert_commitment(
        &self,
        advocacy_id: i64,
        f: &CommitmentFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Commitment> {
        let id = self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO commitments (advocacy_id, stakeholder_id, kind, description, source, amount, year, due,
                   line_no, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .map_err(db_err)?
            .execute(params![
                advocacy_id,
                f.stakeholder_id,
                f.kind.code(),
                f.description,
                f.source.map(|s| s.code()),
                f.amount,
                f.year,
                f.due.map(|d| d.to_string()),
                f.line_no,
                now,
                now
            ])
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.commitment(id)?.ok_or(Error::NotFound)
    }

    fn commitment(&self, id: i64) -> Result<Option<Commitment>> {
        self.read(|c| {
            c.prepare_cached(&format!("{COMMITMENT} WHERE c.id = ?"))
                .map_err(db_err)?
                .query_row([id], commitment_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn resolve_commitment(
        &self,
        id: i64,
        resolution: Option<CommitmentStanding>,
        line_no: Option<i32>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()> {
        self.write(|tx| {
            let n = tx
                .execute(
                    "UPDATE commitments SET resolution = ?, line_no = ?, updated_at = ? WHERE id = ?",
                    params![resolution.map(|r| r.code()), line_no, now, id],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            write_audit(tx, &audit, Some(id))
        })
    }

    fn commitments(&self, f: &CommitmentFilter, limit: i64) -> Result<Vec<Commitment>> {
        let (mut cond, mut p) = owned_where("a", &f.region, f.library_id);
        if let Some(s) = f.stakeholder_id {
            cond.push("c.stakeholder_id = ?".into());
            p.push(s.into());
        }
        if let Some(y) = f.year {
            cond.push("c.year = ?".into());
            p.push(i64::from(y).into());
        }
        p.push(limit.into());
        let w = cond.join(" AND ");
        self.read(|c| {
            collect(
                c.prepare_cached(&format!("{COMMITMENT} WHERE {w} ORDER BY c.year DESC, c.id DESC LIMIT ?"))
                    .map_err(db_err)?
                    .query_map(params_from_iter(p), commitment_row)
                    .map_err(db_err)?,
            )
        })
    }

    fn activity_partners(&self, activity_id: ActivityId) -> Result<Vec<(i64, String)>> {
        self.read(|c| {
            collect(
                c.prepare_cached(
                    "SELECT s.id, s.name FROM activity_partners p JOIN stakeholders s ON s.id = p.stakeholder_id
                     WHERE p.activity_id = ? ORDER BY s.search_name, s.id",
                )
                .map_err(db_err)?
                .query_map([activity_id.get()], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(db_err)?,
            )
        })
    }

    fn link_activity_partners(
        &self,
        owner: &Owner,
        links: &[(ActivityId, Vec<Target>)],
        now: i64,
        audit: AuditRecord,
    ) -> Result<usize> {
        self.write(|tx| {
            let mut made: Vec<(String, i64)> = Vec::new();
            for (activity, targets) in links {
                tx.execute("DELETE FROM activity_partners WHERE activity_id = ?", [activity.get()]).map_err(db_err)?;
                let mut ids = Vec::new();
                for t in targets {
                    let id = match t {
                        Target::Existing { stakeholder_id } => *stakeholder_id,
                        Target::New { name } => match made.iter().find(|(n, _)| n == name) {
                            Some((_, id)) => *id,
                            None => {
                                let id = insert_stakeholder(tx, owner, &StakeholderFields::partner(name), now)?;
                                let record = AuditRecord { entity: "stakeholder", after: None, ..audit.clone() };
                                write_audit(tx, &record, Some(id))?;
                                made.push((name.clone(), id));
                                id
                            }
                        },
                    };
                    ids.push(id);
                }
                let mut ins = tx
                    .prepare_cached(
                        "INSERT OR IGNORE INTO activity_partners (activity_id, stakeholder_id) VALUES (?, ?)",
                    )
                    .map_err(db_err)?;
                for id in &ids {
                    ins.execute(params![activity.get(), id]).map_err(db_err)?;
                }
                let record =
                    AuditRecord { after: Some(serde_json::json!({ "stakeholder_ids": ids })), ..audit.clone() };
                write_audit(tx, &record, Some(activity.get()))?;
            }
            Ok(made.len())
        })
    }

    fn unlinked_partner_texts(&self, library_id: LibraryId, limit: i64) -> Result<(i64, Vec<UnlinkedText>)> {
        const UNLINKED: &str = "FROM activities a WHERE a.library_id = ?1 AND trim(coalesce(a.partners, '')) <> ''
            AND NOT EXISTS (SELECT 1 FROM activity_partners p WHERE p.activity_id = a.id)";
        self.read(|c| {
            let total = c
                .prepare_cached(&format!("SELECT count(*) {UNLINKED}"))
                .map_err(db_err)?
                .query_row([library_id.get()], |r| r.get(0))
                .map_err(db_err)?;
            let items = collect(
                c.prepare_cached(&format!(
                    "SELECT a.id, a.title, a.start_date, a.partners {UNLINKED} ORDER BY a.start_date DESC, a.id DESC LIMIT ?2"
                ))
                .map_err(db_err)?
                .query_map(params![library_id.get(), limit], |r| {
                    Ok(UnlinkedText {
                        activity_id: id_at(r, 0)?,
                        title: r.get(1)?,
                        start_date: date_at(r, 2)?,
                        text: r.get(3)?,
                    })
                })
                .map_err(db_err)?,
            )?;
            Ok((total, items))
        })
    }
}
