//! The audit log as listed: by region (plus the actor's own entries), entity and actor.

use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{SqliteStore, db_err, subtree};
use lentera_core::Result;
use lentera_core::audit::{AuditAction, AuditEntry, AuditFilter};
use lentera_core::library::{Page, PageRequest};
use lentera_core::store::AuditStore;

impl AuditStore for SqliteStore {
    fn list_audit(&self, f: &AuditFilter, page: PageRequest) -> Result<Page<AuditEntry>> {
        let mut cond = vec!["1 = 1"];
        let mut p: Vec<Value> = Vec::new();
        if let Some(r) = &f.region {
            let (lo, hi) = subtree(r.as_str());
            p.push(lo.into());
            p.push(hi.into());
            match f.or_made_by {
                Some(user) => {
                    cond.push("((region_code >= ? AND region_code < ?) OR actor_user_id = ?)");
                    p.push(user.into());
                }
                None => cond.push("region_code >= ? AND region_code < ?"),
            }
        }
        if let Some(e) = &f.entity {
            cond.push("entity = ?");
            p.push(e.clone().into());
        }
        if let Some(id) = f.entity_id {
            cond.push("entity_id = ?");
            p.push(id.into());
        }
        if let Some(a) = &f.actor {
            cond.push("actor_name = ?");
            p.push(a.clone().into());
        }
        let w = cond.join(" AND ");
        self.read(|c| {
            let total: i64 = c
                .query_row(&format!("SELECT count(*) FROM audit_log WHERE {w}"), params_from_iter(p.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut lp = p.clone();
            lp.push(page.per_page.into());
            lp.push(page.offset().into());
            let mut stmt = c
                .prepare(&format!(
                    "SELECT id, at, actor_user_id, actor_name, action, entity, entity_id, region_code, before_json, after_json
                     FROM audit_log WHERE {w} ORDER BY id DESC LIMIT ? OFFSET ?"
                ))
                .map_err(db_err)?;
            let items = stmt
                .query_map(params_from_iter(lp), |r| {
                    let action: String = r.get(4)?;
                    let before: Option<String> = r.get(8)?;
                    let after: Option<String> = r.get(9)?;
                    Ok(AuditEntry {
                        id: r.get(0)?,
                        at: r.get(1)?,
                        actor_user_id: r.get(2)?,
                        actor_name: r.get(3)?,
                        action: AuditAction::parse(&action).unwrap_or(AuditAction::Update),
                        entity: r.get(5)?,
                        entity_id: r.get(6)?,
                        region_code: r.get(7)?,
                        before: before.and_then(|s| serde_json::from_str(&s).ok()),
                        after: after.and_then(|s| serde_json::from_str(&s).ok()),
                    })
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }
}
