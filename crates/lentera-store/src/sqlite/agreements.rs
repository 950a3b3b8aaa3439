//! Regulations (with the advocacy that pushed them), partnerships, and documents.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{SqliteStore, bad, collect, db_err, opt_date_at, owner_at, owner_values, subtree, write_audit};
use lentera_core::advocacy::Owner;
use lentera_core::agreements::{
    AgreementFilter, Contribution, Document, DocumentOwner, NewDocument, Partnership, PartnershipFields, Regulation,
    RegulationFields, RegulationLevel, RegulationStatus,
};
use lentera_core::audit::AuditRecord;
use lentera_core::library::{Page, PageRequest};
use lentera_core::store::AgreementStore;
use lentera_core::{Error, Result};

fn date_value(d: Option<time::Date>) -> Value {
    d.map(|d| Value::Text(d.to_string())).unwrap_or(Value::Null)
}

fn filter_where(f: &AgreementFilter) -> (String, Vec<Value>) {
    let mut cond = vec!["1 = 1".to_string()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(r) = &f.region {
        let (lo, hi) = subtree(r.as_str());
        cond.push("t.region_code >= ? AND t.region_code < ?".into());
        p.extend([lo.into(), hi.into()]);
    }
    if let Some(id) = f.library_id {
        cond.push("t.library_id = ?".into());
        p.push(id.get().into());
    }
    (cond.join(" AND "), p)
}

fn paged<T>(
    c: &Connection,
    table: &str,
    select: &str,
    order: &str,
    f: &AgreementFilter,
    page: PageRequest,
    row: impl FnMut(&Row) -> rusqlite::Result<T>,
) -> Result<Page<T>> {
    let (w, p) = filter_where(f);
    let total: i64 = c
        .prepare_cached(&format!("SELECT count(*) FROM {table} t WHERE {w}"))
        .map_err(db_err)?
        .query_row(params_from_iter(p.iter()), |r| r.get(0))
        .map_err(db_err)?;
    let mut lp = p;
    lp.extend([page.per_page.into(), page.offset().into()]);
    let items = collect(
        c.prepare_cached(&format!("{select} WHERE {w} ORDER BY {order} LIMIT ? OFFSET ?"))
            .map_err(db_err)?
            .query_map(params_from_iter(lp), row)
            .map_err(db_err)?,
    )?;
    Ok(Page { items, total, page: page.page, per_page: page.per_page })
}

// ---- Regulations ----

const REGULATION: &str = "SELECT t.id, t.library_id, l.name, t.region_code, t.title, t.level, t.status, t.number,
    t.enacted_on, t.notes, t.updated_at, t.version FROM regulations t LEFT JOIN libraries l ON l.id = t.library_id";

fn regulation_row(r: &Row) -> rusqlite::Result<Regulation> {
    let level: String = r.get(5)?;
    let status: String = r.get(6)?;
    Ok(Regulation {
        id: r.get(0)?,
        owner: owner_at(r, 1)?,
        title: r.get(4)?,
        level: RegulationLevel::parse(&level).ok_or_else(|| bad(5))?,
        status: RegulationStatus::parse(&status).ok_or_else(|| bad(6))?,
        number: r.get(7)?,
        enacted_on: opt_date_at(r, 8)?,
        advocacy_ids: Vec::new(),
        notes: r.get(9)?,
        updated_at: r.get(10)?,
        version: r.get(11)?,
    })
}

fn with_advocacy(c: &Connection, mut reg: Regulation) -> Result<Regulation> {
    reg.advocacy_ids = collect(
        c.prepare_cached("SELECT advocacy_id FROM regulation_advocacy WHERE regulation_id = ? ORDER BY advocacy_id")
            .map_err(db_err)?
            .query_map([reg.id], |r| r.get(0))
            .map_err(db_err)?,
    )?;
    Ok(reg)
}

fn write_links(tx: &Transaction, id: i64, advocacy: &[i64]) -> Result<()> {
    tx.execute("DELETE FROM regulation_advocacy WHERE regulation_id = ?", [id]).map_err(db_err)?;
    for a in advocacy {
        tx.execute("INSERT INTO regulation_advocacy (regulation_id, advocacy_id) VALUES (?, ?)", params![id, a])
            .map_err(db_err)?;
    }
    Ok(())
}

fn regulation_values(f: &RegulationFields) -> Vec<Value> {
    vec![
        f.title.clone().into(),
        f.level.code().to_string().into(),
        f.status.code().to_string().into(),
        f.number.clone().map(Value::Text).unwrap_or(Value::Null),
        date_value(f.enacted_on),
        f.notes.clone().map(Value::Text).unwrap_or(Value::Null),
    ]
}

// ---- Partnerships ----

const PARTNERSHIP: &str = "SELECT t.id, t.library_id, l.name, t.region_code, t.title, t.partner, t.stakeholder_id,
    t.starts_on, t.ends_on, t.library_brings, t.partner_brings, t.description, t.value, t.updated_at, t.version
    FROM partnerships t LEFT JOIN libraries l ON l.id = t.library_id";

fn contributions_at(r: &Row, i: usize) -> rusqlite::Result<Vec<Contribution>> {
    let s: String = r.get(i)?;
    s.split(',').filter(|c| !c.is_empty()).map(|c| Contribution::parse(c).ok_or_else(|| bad(i))).collect()
}

fn contributions_value(v: &[Contribution]) -> Value {
    v.iter().map(|c| c.code()).collect::<Vec<_>>().join(",").into()
}

fn partnership_row(r: &Row) -> rusqlite::Result<Partnership> {
    Ok(Partnership {
        id: r.get(0)?,
        owner: owner_at(r, 1)?,
        title: r.get(4)?,
        partner: r.get(5)?,
        stakeholder_id: r.get(6)?,
        starts_on: opt_date_at(r, 7)?.ok_or_else(|| bad(7))?,
        ends_on: opt_date_at(r, 8)?,
        library_brings: contributions_at(r, 9)?,
        partner_brings: contributions_at(r, 10)?,
        description: r.get(11)?,
        value: r.get(12)?,
        updated_at: r.get(13)?,
        version: r.get(14)?,
    })
}

fn partnership_values(f: &PartnershipFields) -> Vec<Value> {
    vec![
        f.title.clone().into(),
        f.partner.clone().into(),
        f.stakeholder_id.map(Value::Integer).unwrap_or(Value::Null),
        f.starts_on.to_string().into(),
        date_value(f.ends_on),
        contributions_value(&f.library_brings),
        contributions_value(&f.partner_brings),
        f.description.clone().map(Value::Text).unwrap_or(Value::Null),
        f.value.map(Value::Integer).unwrap_or(Value::Null),
    ]
}

// ---- Documents ----

const DOCUMENT: &str = "SELECT id, owner, owner_id, name, filename, content_type, bytes, created_at FROM documents";

fn document_row(r: &Row) -> rusqlite::Result<Document> {
    let owner: String = r.get(1)?;
    Ok(Document {
        id: r.get(0)?,
        owner: DocumentOwner::parse(&owner).ok_or_else(|| bad(1))?,
        owner_id: r.get(2)?,
        name: r.get(3)?,
        filename: r.get(4)?,
        content_type: r.get(5)?,
        bytes: r.get(6)?,
        created_at: r.get(7)?,
    })
}

impl AgreementStore for SqliteStore {
    fn regulation(&self, id: i64) -> Result<Option<Regulation>> {
        self.read(|c| {
            let reg = c
                .prepare_cached(&format!("{REGULATION} WHERE t.id = ?"))
                .map_err(db_err)?
                .query_row([id], regulation_row)
                .optional()
                .map_err(db_err)?;
            reg.map(|r| with_advocacy(c, r)).transpose()
        })
    }

    fn list_regulations(&self, f: &AgreementFilter, page: PageRequest) -> Result<Page<Regulation>> {
        self.read(|c| {
            let p = paged(c, "regulations", REGULATION, "t.updated_at DESC, t.id DESC", f, page, regulation_row)?;
            let items = p.items.into_iter().map(|r| with_advocacy(c, r)).collect::<Result<Vec<_>>>()?;
            Ok(Page { items, ..p })
        })
    }

    fn insert_regulation(
        &self,
        owner: &Owner,
        f: &RegulationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Regulation> {
        let id = self.write(|tx| {
            let mut values: Vec<Value> = owner_values(owner).into();
            values.extend(regulation_values(f));
            values.extend([now.into(), now.into()]);
            tx.prepare_cached(
                "INSERT INTO regulations (library_id, region_code, title, level, status, number, enacted_on, notes,
                   created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .map_err(db_err)?
            .execute(params_from_iter(values))
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_links(tx, id, &f.advocacy_ids)?;
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.regulation(id)?.ok_or(Error::NotFound)
    }

    fn update_regulation(
        &self,
        id: i64,
        expected_version: i64,
        f: &RegulationFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Regulation> {
        self.write(|tx| {
            let mut values = regulation_values(f);
            values.extend([now.into(), id.into(), expected_version.into()]);
            let n = tx
                .prepare_cached(
                    "UPDATE regulations SET title = ?, level = ?, status = ?, number = ?, enacted_on = ?, notes = ?,
                       updated_at = ?, version = version + 1 WHERE id = ? AND version = ?",
                )
                .map_err(db_err)?
                .execute(params_from_iter(values))
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_links(tx, id, &f.advocacy_ids)?;
            write_audit(tx, &audit, Some(id))
        })?;
        self.regulation(id)?.ok_or(Error::NotFound)
    }

    fn partnership(&self, id: i64) -> Result<Option<Partnership>> {
        self.read(|c| {
            c.prepare_cached(&format!("{PARTNERSHIP} WHERE t.id = ?"))
                .map_err(db_err)?
                .query_row([id], partnership_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn list_partnerships(&self, f: &AgreementFilter, page: PageRequest) -> Result<Page<Partnership>> {
        self.read(|c| {
            paged(c, "partnerships", PARTNERSHIP, "t.ends_on IS NULL, t.ends_on, t.id", f, page, partnership_row)
        })
    }

    fn insert_partnership(
        &self,
        owner: &Owner,
        f: &PartnershipFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Partnership> {
        let id = self.write(|tx| {
            let mut values: Vec<Value> = owner_values(owner).into();
            values.extend(partnership_values(f));
            values.extend([now.into(), now.into()]);
            tx.prepare_cached(
                "INSERT INTO partnerships (library_id, region_code, title, partner, stakeholder_id, starts_on, ends_on,
                   library_brings, partner_brings, description, value, created_at, updated_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .map_err(db_err)?
            .execute(params_from_iter(values))
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.partnership(id)?.ok_or(Error::NotFound)
    }

    fn update_partnership(
        &self,
        id: i64,
        expected_version: i64,
        f: &PartnershipFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Partnership> {
        self.write(|tx| {
            let mut values = partnership_values(f);
            values.extend([now.into(), id.into(), expected_version.into()]);
            let n = tx
                .prepare_cached(
                    "UPDATE partnerships SET title = ?, partner = ?, stakeholder_id = ?, starts_on = ?, ends_on = ?,
                       library_brings = ?, partner_brings = ?, description = ?, value = ?, updated_at = ?,
                       version = version + 1 WHERE id = ? AND version = ?",
                )
                .map_err(db_err)?
                .execute(params_from_iter(values))
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            write_audit(tx, &audit, Some(id))
        })?;
        self.partnership(id)?.ok_or(Error::NotFound)
    }

    fn documents_of(&self, owner: DocumentOwner, owner_id: i64) -> Result<Vec<Document>> {
        self.read(|c| {
            collect(
                c.prepare_cached(&format!("{DOCUMENT} WHERE owner = ? AND owner_id = ? ORDER BY id"))
                    .map_err(db_err)?
                    .query_map(params![owner.code(), owner_id], document_row)
                    .map_err(db_err)?,
            )
        })
    }

    fn document(&self, name: &str) -> Result<Option<Document>> {
        self.read(|c| {
            c.prepare_cached(&format!("{DOCUMENT} WHERE name = ?"))
                .map_err(db_err)?
                .query_row([name], document_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn insert_document(&self, d: &NewDocument, now: i64, audit: AuditRecord) -> Result<Document> {
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO documents (owner, owner_id, name, filename, content_type, bytes, created_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?)",
                params![d.owner.code(), d.owner_id, d.name, d.filename, d.content_type, d.bytes, now],
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            Ok(id)
        })?;
        self.read(|c| {
            c.prepare_cached(&format!("{DOCUMENT} WHERE id = ?"))
                .map_err(db_err)?
                .query_row([id], document_row)
                .map_err(db_err)
        })
    }

    fn delete_document(&self, id: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            if tx.execute("DELETE FROM documents WHERE id = ?", [id]).map_err(db_err)? == 0 {
                return Err(Error::NotFound);
            }
            write_audit(tx, &audit, Some(id))
        })
    }
}
