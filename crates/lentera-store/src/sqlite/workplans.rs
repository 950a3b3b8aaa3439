//! Work plans: a revision's header and its rows (needs, planned activities, budget lines),
//! replaced together; the amounts recorded per library-year line; activity links.
//! Status changes go through `review.rs`.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{SqliteStore, bad, collect, db_err, id_at, opt_text, region_at, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::{ActivityId, LibraryId, WorkPlanId};
use lentera_core::library::{Library, Page, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::store::WorkPlanStore;
use lentera_core::workplan::{
    ActualActivity, BudgetLine, BudgetOutcome, FundingSource, Need, NeedSource, PlanContent, PlanLink, PlannedActivity,
    RegionPlanSummary, SourceSums, WorkPlan, WorkPlanFilter,
};
use lentera_core::{Error, Result};

const COLUMNS: &str = "w.id, w.client_id, w.library_id, l.name, w.region_code, w.year, w.revision, w.summary,
    w.status, w.review_comment, w.created_at, w.updated_at, w.version";
const FROM: &str = "work_plans w JOIN libraries l ON l.id = w.library_id";

fn header(r: &Row) -> rusqlite::Result<WorkPlan> {
    let status: String = r.get(8)?;
    Ok(WorkPlan {
        id: id_at(r, 0)?,
        client_id: r.get(1)?,
        library_id: id_at(r, 2)?,
        library_name: r.get(3)?,
        region_code: region_at(r, 4)?,
        year: r.get(5)?,
        revision: r.get(6)?,
        status: ReportStatus::parse(&status).ok_or_else(|| bad(8))?,
        review_comment: r.get(9)?,
        content: PlanContent { summary: r.get(7)?, ..Default::default() },
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
        version: r.get(12)?,
    })
}

/// Fills in a header's rows, with the amounts recorded for its library-year.
fn with_rows(c: &Connection, mut p: WorkPlan) -> Result<WorkPlan> {
    let id = p.id.get();
    p.content.needs = collect(
        c.prepare_cached("SELECT no, problem, need, grp, source FROM work_plan_needs WHERE plan_id = ? ORDER BY no")
            .map_err(db_err)?
            .query_map([id], |r| {
                let source: String = r.get(4)?;
                Ok(Need {
                    no: r.get(0)?,
                    problem: r.get(1)?,
                    need: r.get(2)?,
                    group: r.get(3)?,
                    source: NeedSource::parse(&source).ok_or_else(|| bad(4))?,
                })
            })
            .map_err(db_err)?,
    )?;
    p.content.activities = collect(
        c.prepare_cached(
            "SELECT no, title, category_id, month, target_group, target_participants, expected_result, need_no
             FROM work_plan_activities WHERE plan_id = ? ORDER BY month, no",
        )
        .map_err(db_err)?
        .query_map([id], |r| {
            Ok(PlannedActivity {
                no: r.get(0)?,
                title: r.get(1)?,
                category_id: r.get(2)?,
                month: r.get(3)?,
                target_group: r.get(4)?,
                target_participants: r.get(5)?,
                expected_result: r.get(6)?,
                need_no: r.get(7)?,
            })
        })
        .map_err(db_err)?,
    )?;
    p.content.lines = collect(
        c.prepare_cached(
            "SELECT x.no, x.source, x.description, x.activity_no, x.proposed, o.approved, o.realised
             FROM work_plan_lines x
             LEFT JOIN budget_outcomes o ON o.library_id = ?2 AND o.year = ?3 AND o.line_no = x.no
             WHERE x.plan_id = ?1 ORDER BY x.no",
        )
        .map_err(db_err)?
        .query_map(params![id, p.library_id.get(), p.year], |r| {
            let source: String = r.get(1)?;
            Ok(BudgetLine {
                no: r.get(0)?,
                source: FundingSource::parse(&source).ok_or_else(|| bad(1))?,
                description: r.get(2)?,
                activity_no: r.get(3)?,
                proposed: r.get(4)?,
                approved: r.get(5)?,
                realised: r.get(6)?,
            })
        })
        .map_err(db_err)?,
    )?;
    Ok(p)
}

fn one(c: &Connection, cond: &str, p: &[Value]) -> Result<Option<WorkPlan>> {
    let head = c
        .prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE {cond}"))
        .map_err(db_err)?
        .query_row(params_from_iter(p), header)
        .optional()
        .map_err(db_err)?;
    head.map(|h| with_rows(c, h)).transpose()
}

fn many(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<WorkPlan>> {
    let heads = collect(c.prepare_cached(sql).map_err(db_err)?.query_map(p, header).map_err(db_err)?)?;
    heads.into_iter().map(|h| with_rows(c, h)).collect()
}

/// Writes a revision's rows, replacing any it had.
fn write_rows(tx: &Transaction, plan_id: i64, content: &PlanContent) -> Result<()> {
    for table in ["work_plan_needs", "work_plan_activities", "work_plan_lines"] {
        tx.prepare_cached(&format!("DELETE FROM {table} WHERE plan_id = ?"))
            .map_err(db_err)?
            .execute([plan_id])
            .map_err(db_err)?;
    }
    let mut need = tx
        .prepare_cached(
            "INSERT INTO work_plan_needs (plan_id, no, problem, need, grp, source) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .map_err(db_err)?;
    for n in &content.needs {
        need.execute(params![plan_id, n.no, n.problem, n.need, n.group, n.source.code()]).map_err(db_err)?;
    }
    let mut act = tx
        .prepare_cached(
            "INSERT INTO work_plan_activities (plan_id, no, title, category_id, month, target_group,
               target_participants, expected_result, need_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .map_err(db_err)?;
    for a in &content.activities {
        act.execute(params![
            plan_id,
            a.no,
            a.title,
            a.category_id,
            a.month,
            a.target_group,
            a.target_participants,
            a.expected_result,
            a.need_no
        ])
        .map_err(db_err)?;
    }
    let mut line = tx
        .prepare_cached(
            "INSERT INTO work_plan_lines (plan_id, no, source, description, activity_no, proposed)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .map_err(db_err)?;
    for l in &content.lines {
        line.execute(params![plan_id, l.no, l.source.code(), l.description, l.activity_no, l.proposed])
            .map_err(db_err)?;
    }
    Ok(())
}

fn where_clause(f: &WorkPlanFilter) -> (String, Vec<Value>) {
    let mut cond = vec!["1 = 1".to_string()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(r) = &f.region {
        let (lo, hi) = subtree(r.as_str());
        cond.push("w.region_code >= ? AND w.region_code < ?".into());
        p.extend([lo.into(), hi.into()]);
    }
    if let Some(id) = f.library_id {
        cond.push("w.library_id = ?".into());
        p.push(id.get().into());
    }
    if let Some(y) = f.year {
        cond.push("w.year = ?".into());
        p.push(i64::from(y).into());
    }
    if let Some(s) = f.status {
        cond.push("w.status = ?".into());
        p.push(s.code().to_string().into());
    }
    (cond.join(" AND "), p)
}

/// Whether plan `w` is in force: approved, and no later revision of its library-year is.
pub(super) fn in_force_condition() -> String {
    let approved = ReportStatus::Approved.code();
    format!(
        "w.status = '{approved}'
           AND NOT EXISTS (SELECT 1 FROM work_plans n WHERE n.library_id = w.library_id AND n.year = w.year
                           AND n.status = '{approved}' AND n.revision > w.revision)"
    )
}

/// Each library's latest approved revision for year `?3` in the subtree `?1`..`?2`.
fn in_force() -> String {
    format!(
        "SELECT w.id, w.library_id FROM work_plans w
         WHERE w.region_code >= ?1 AND w.region_code < ?2 AND w.year = ?3 AND {}",
        in_force_condition()
    )
}

impl WorkPlanStore for SqliteStore {
    fn work_plan(&self, id: WorkPlanId) -> Result<Option<WorkPlan>> {
        self.read(|c| one(c, "w.id = ?", &[id.get().into()]))
    }

    fn work_plan_by_client_id(&self, client_id: &str) -> Result<Option<WorkPlan>> {
        self.read(|c| one(c, "w.client_id = ?", &[client_id.to_string().into()]))
    }

    fn work_plan_revisions(&self, library_id: LibraryId, year: i32) -> Result<Vec<WorkPlan>> {
        self.read(|c| {
            many(
                c,
                &format!("SELECT {COLUMNS} FROM {FROM} WHERE w.library_id = ? AND w.year = ? ORDER BY w.revision DESC"),
                params![library_id.get(), year],
            )
        })
    }

    fn list_work_plans(&self, f: &WorkPlanFilter, page: PageRequest) -> Result<Page<WorkPlan>> {
        let (w, p) = where_clause(f);
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM work_plans w WHERE {w}"))
                .map_err(db_err)?
                .query_row(params_from_iter(p.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut lp = p.clone();
            lp.extend([page.per_page.into(), page.offset().into()]);
            let items = many(
                c,
                &format!(
                    "SELECT {COLUMNS} FROM {FROM} WHERE {w} ORDER BY w.year DESC, l.name, w.revision DESC, w.id
                     LIMIT ? OFFSET ?"
                ),
                params_from_iter(lp),
            )?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn insert_work_plan(
        &self,
        library: &Library,
        client_id: Option<&str>,
        year: i32,
        revision: i32,
        content: &PlanContent,
        now: i64,
        audit: AuditRecord,
    ) -> Result<WorkPlan> {
        let id = self.write(|tx| {
            tx.prepare_cached(
                "INSERT INTO work_plans (client_id, library_id, region_code, year, revision, summary, status,
                   created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .map_err(db_err)?
            .execute(params![
                client_id,
                library.id.get(),
                library.region_code.as_str(),
                year,
                revision,
                content.summary,
                ReportStatus::Draft.code(),
                now,
                now
            ])
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_rows(tx, id, content)?;
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.work_plan(WorkPlanId::new(id))?.ok_or(Error::NotFound)
    }

    fn update_work_plan(
        &self,
        id: WorkPlanId,
        expected_version: i64,
        content: &PlanContent,
        now: i64,
        audit: AuditRecord,
    ) -> Result<WorkPlan> {
        let editable = ReportStatus::EDITABLE.map(|s| format!("'{}'", s.code())).join(", ");
        self.write(|tx| {
            let n = tx
                .prepare_cached(&format!(
                    "UPDATE work_plans SET summary = ?, updated_at = ?, version = version + 1
                     WHERE id = ? AND version = ? AND status IN ({editable})"
                ))
                .map_err(db_err)?
                .execute(params![opt_text(&content.summary), now, id.get(), expected_version])
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_rows(tx, id.get(), content)?;
            write_audit(tx, &audit, Some(id.get()))
        })?;
        self.work_plan(id)?.ok_or(Error::NotFound)
    }

    fn record_budget_outcome(
        &self,
        library_id: LibraryId,
        year: i32,
        line_no: i32,
        o: BudgetOutcome,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()> {
        self.write(|tx| {
            if o == BudgetOutcome::default() {
                tx.execute(
                    "DELETE FROM budget_outcomes WHERE library_id = ? AND year = ? AND line_no = ?",
                    params![library_id.get(), year, line_no],
                )
                .map_err(db_err)?;
            } else {
                tx.execute(
                    "INSERT INTO budget_outcomes (library_id, year, line_no, approved, realised, updated_at)
                     VALUES (?, ?, ?, ?, ?, ?)
                     ON CONFLICT (library_id, year, line_no) DO UPDATE SET approved = excluded.approved,
                       realised = excluded.realised, updated_at = excluded.updated_at",
                    params![library_id.get(), year, line_no, o.approved, o.realised, now],
                )
                .map_err(db_err)?;
            }
            write_audit(tx, &audit, None)
        })
    }

    fn actual_activities(&self, library_id: LibraryId, year: i32) -> Result<Vec<ActualActivity>> {
        self.read(|c| {
            let rows = collect(
                c.prepare_cached(
                    "SELECT a.id, k.planned_no, a.male + a.female FROM activities a
                     LEFT JOIN activity_plan_links k ON k.activity_id = a.id
                     WHERE a.library_id = ? AND a.start_date >= ? AND a.start_date < ? AND a.status = ?
                     ORDER BY a.id",
                )
                .map_err(db_err)?
                .query_map(
                    params![
                        library_id.get(),
                        format!("{year:04}-01-01"),
                        format!("{:04}-01-01", year + 1),
                        ReportStatus::COUNTED.code()
                    ],
                    |r| Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i32>>(1)?, r.get::<_, i64>(2)?)),
                )
                .map_err(db_err)?,
            )?;
            let mut draws = c
                .prepare_cached("SELECT line_no, amount FROM activity_funding WHERE activity_id = ? ORDER BY line_no")
                .map_err(db_err)?;
            rows.into_iter()
                .map(|(id, planned_no, participants)| {
                    let draws = collect(draws.query_map([id], |r| Ok((r.get(0)?, r.get(1)?))).map_err(db_err)?)?;
                    Ok(ActualActivity { planned_no, participants, draws })
                })
                .collect()
        })
    }

    fn activity_plan_link(&self, activity_id: ActivityId) -> Result<PlanLink> {
        self.read(|c| {
            let planned_no = c
                .prepare_cached("SELECT planned_no FROM activity_plan_links WHERE activity_id = ?")
                .map_err(db_err)?
                .query_row([activity_id.get()], |r| r.get::<_, Option<i32>>(0))
                .optional()
                .map_err(db_err)?
                .flatten();
            let draws = collect(
                c.prepare_cached("SELECT line_no, amount FROM activity_funding WHERE activity_id = ? ORDER BY line_no")
                    .map_err(db_err)?
                    .query_map([activity_id.get()], |r| Ok((r.get(0)?, r.get(1)?)))
                    .map_err(db_err)?,
            )?;
            Ok(PlanLink { planned_no, draws })
        })
    }

    fn set_activity_plan_link(&self, activity_id: ActivityId, link: &PlanLink, audit: AuditRecord) -> Result<()> {
        let id = activity_id.get();
        self.write(|tx| {
            tx.execute("DELETE FROM activity_plan_links WHERE activity_id = ?", [id]).map_err(db_err)?;
            tx.execute("DELETE FROM activity_funding WHERE activity_id = ?", [id]).map_err(db_err)?;
            if link.planned_no.is_some() || !link.draws.is_empty() {
                tx.execute(
                    "INSERT INTO activity_plan_links (activity_id, planned_no) VALUES (?, ?)",
                    params![id, link.planned_no],
                )
                .map_err(db_err)?;
            }
            let mut ins = tx
                .prepare_cached("INSERT INTO activity_funding (activity_id, line_no, amount) VALUES (?, ?, ?)")
                .map_err(db_err)?;
            for (no, amount) in &link.draws {
                ins.execute(params![id, no, amount]).map_err(db_err)?;
            }
            write_audit(tx, &audit, Some(id))
        })
    }

    fn libraries_without_plan(
        &self,
        region: Option<&RegionCode>,
        year: i32,
        libraries: &lentera_core::library::ProgrammeLibraries,
        limit: i64,
    ) -> Result<(i64, Vec<lentera_core::monthly::MissingReport>)> {
        let (lo, hi) = region.map(|r| subtree(r.as_str())).unwrap_or(("".into(), "~".into()));
        let members = format!(
            "{} AND {} AND NOT EXISTS (SELECT 1 FROM work_plans w WHERE w.library_id = l.id AND w.year = ?4 AND w.status <> ?5)",
            super::programme_libraries(libraries, "?6", "?1"),
            super::in_subtree("?2", "?3")
        );
        let p = params![libraries.joined_by, lo, hi, year, ReportStatus::Draft.code(), libraries.status.code()];
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM libraries l WHERE {members}"))
                .map_err(db_err)?
                .query_row(p, |r| r.get(0))
                .map_err(db_err)?;
            let mut lp: Vec<Value> = vec![
                libraries.joined_by.map(|y| Value::Integer(y.into())).unwrap_or(Value::Null),
                lo.clone().into(),
                hi.clone().into(),
                i64::from(year).into(),
                ReportStatus::Draft.code().to_string().into(),
                libraries.status.code().to_string().into(),
            ];
            lp.push(limit.into());
            let rows = collect(
                c.prepare_cached(&format!(
                    "SELECT l.id, l.name, l.region_code, {} FROM libraries l WHERE {members} ORDER BY l.region_code, l.name LIMIT ?7",
                    super::monthly::MANAGER_COLUMNS
                ))
                .map_err(db_err)?
                .query_map(params_from_iter(lp), |r| {
                    Ok(lentera_core::monthly::MissingReport {
                        library_id: id_at(r, 0)?,
                        library_name: r.get(1)?,
                        region_code: region_at(r, 2)?,
                        manager_name: r.get(3)?,
                        phone: r.get(4)?,
                    })
                })
                .map_err(db_err)?,
            )?;
            Ok((total, rows))
        })
    }

    fn region_plan_summary(&self, region: Option<&RegionCode>, year: i32) -> Result<RegionPlanSummary> {
        let (lo, hi) = region.map(|r| subtree(r.as_str())).unwrap_or(("".into(), "~".into()));
        // Activities of the year, counted ones only: `?4`..`?5` and `?6`.
        let (y0, y1) = (format!("{year:04}-01-01"), format!("{:04}-01-01", year + 1));
        let counted = ReportStatus::COUNTED.code();
        let in_force = in_force();
        self.read(|c| {
            let pair = |sql: &str, p: &[&dyn rusqlite::ToSql]| -> Result<(i64, i64)> {
                c.prepare_cached(sql).map_err(db_err)?.query_row(p, |r| Ok((r.get(0)?, r.get(1)?))).map_err(db_err)
            };
            let place = [&lo as &dyn rusqlite::ToSql, &hi, &year];
            let with_year = [&lo as &dyn rusqlite::ToSql, &hi, &year, &y0, &y1, &counted];
            let (plans_approved, plans_open) = pair(
                &format!(
                    "SELECT (SELECT count(*) FROM ({in_force})),
                            (SELECT count(DISTINCT w.library_id) FROM work_plans w
                             WHERE w.region_code >= ?1 AND w.region_code < ?2 AND w.year = ?3
                               AND NOT EXISTS (SELECT 1 FROM ({in_force}) f WHERE f.library_id = w.library_id))"
                ),
                &place,
            )?;
            let (planned_activities, planned_participants) = pair(
                &format!(
                    "SELECT count(*), coalesce(sum(x.target_participants), 0) FROM ({in_force}) f
                     JOIN work_plan_activities x ON x.plan_id = f.id"
                ),
                &place,
            )?;
            let (reported_activities, reported_participants) = pair(
                &format!(
                    "SELECT count(*), coalesce(sum(a.male + a.female), 0) FROM ({in_force}) f
                     JOIN activities a ON a.library_id = f.library_id AND a.start_date >= ?4 AND a.start_date < ?5
                       AND a.status = ?6
                     JOIN activity_plan_links k ON k.activity_id = a.id
                     JOIN work_plan_activities x ON x.plan_id = f.id AND x.no = k.planned_no"
                ),
                &with_year,
            )?;
            let mut by_source = collect(
                c.prepare_cached(&format!(
                    "SELECT x.source, sum(x.proposed), coalesce(sum(o.approved), 0), coalesce(sum(o.realised), 0),
                            coalesce(sum((SELECT sum(d.amount) FROM activity_funding d
                                          JOIN activities a ON a.id = d.activity_id
                                          WHERE a.library_id = f.library_id AND a.status = ?6
                                            AND a.start_date >= ?4 AND a.start_date < ?5 AND d.line_no = x.no)), 0)
                     FROM ({in_force}) f
                     JOIN work_plan_lines x ON x.plan_id = f.id
                     LEFT JOIN budget_outcomes o ON o.library_id = f.library_id AND o.year = ?3 AND o.line_no = x.no
                     GROUP BY x.source"
                ))
                .map_err(db_err)?
                .query_map(&with_year[..], |r| {
                    let source: String = r.get(0)?;
                    Ok((
                        FundingSource::parse(&source).ok_or_else(|| bad(0))?,
                        SourceSums { proposed: r.get(1)?, approved: r.get(2)?, realised: r.get(3)?, drawn: r.get(4)? },
                    ))
                })
                .map_err(db_err)?,
            )?;
            by_source.sort_by_key(|(src, _)| FundingSource::ALL.iter().position(|x| x == src));
            Ok(RegionPlanSummary {
                plans_approved,
                plans_open,
                planned_activities,
                planned_participants,
                reported_activities,
                reported_participants,
                by_source,
            })
        })
    }
}
