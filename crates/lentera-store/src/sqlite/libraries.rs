//! The library registry: rows, search and filters, yearly KTAK figures, bulk loading.

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{SqliteStore, bad, db_err, id_at, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::LibraryId;
use lentera_core::library::{
    KtakFigures, Library, LibraryFields, LibraryFilter, LibrarySort, LibraryStatus, LibrarySummary, LibraryType, Page,
    PageRequest, ProgrammeTier,
};
use lentera_core::region::RegionCode;
use lentera_core::store::LibraryStore;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

const COLUMNS: &str =
    "l.id, l.name, l.library_type, l.status, l.npp, l.region_code, l.address, l.latitude, l.longitude,
    l.parent_institution, l.founded_year, l.head_name, l.phone, l.email, l.opening_days, l.building_area_m2,
    l.programme_year, l.programme_tier, l.created_at, l.updated_at, l.version";

fn library_row(r: &Row) -> rusqlite::Result<Library> {
    let ty: String = r.get(2)?;
    let st: String = r.get(3)?;
    let region: String = r.get(5)?;
    let tier: Option<String> = r.get(17)?;
    Ok(Library {
        id: id_at(r, 0)?,
        name: r.get(1)?,
        library_type: LibraryType::parse(&ty).ok_or_else(|| bad(2))?,
        status: LibraryStatus::parse(&st).ok_or_else(|| bad(3))?,
        npp: r.get(4)?,
        region_code: RegionCode::parse(&region).map_err(|_| bad(5))?,
        address: r.get(6)?,
        latitude: r.get(7)?,
        longitude: r.get(8)?,
        parent_institution: r.get(9)?,
        founded_year: r.get(10)?,
        head_name: r.get(11)?,
        phone: r.get(12)?,
        email: r.get(13)?,
        opening_days: r.get(14)?,
        building_area_m2: r.get(15)?,
        programme_year: r.get(16)?,
        programme_tier: tier.as_deref().and_then(ProgrammeTier::parse),
        created_at: r.get(18)?,
        updated_at: r.get(19)?,
        version: r.get(20)?,
    })
}

/// The folded text a library is found by: its name and NPP.
pub(crate) fn search_text(f: &LibraryFields) -> String {
    match &f.npp {
        Some(n) => format!("{} {}", fold(&f.name), n.to_ascii_lowercase()),
        None => fold(&f.name),
    }
}

/// Builds the WHERE clause for a filter, with its parameters.
fn where_clause(f: &LibraryFilter) -> (String, Vec<Value>) {
    let mut sql = vec!["1 = 1".to_string()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(r) = &f.region {
        let (lo, hi) = subtree(r.as_str());
        sql.push("l.region_code >= ? AND l.region_code < ?".into());
        p.push(lo.into());
        p.push(hi.into());
    }
    if let Some(id) = f.library_id {
        sql.push("l.id = ?".into());
        p.push(id.get().into());
    }
    if let Some(t) = f.library_type {
        sql.push("l.library_type = ?".into());
        p.push(t.code().to_string().into());
    }
    if let Some(s) = f.status {
        sql.push("l.status = ?".into());
        p.push(s.code().to_string().into());
    }
    if let Some(y) = f.programme_year {
        sql.push("l.programme_year = ?".into());
        p.push(i64::from(y).into());
    }
    if let Some(t) = f.programme_tier {
        sql.push("l.programme_tier = ?".into());
        p.push(t.code().to_string().into());
    }
    if f.in_programme {
        sql.push("l.programme_year IS NOT NULL".into());
    }
    if let Some(y) = f.missing_ktak_year {
        sql.push(
            "NOT EXISTS (SELECT 1 FROM library_ktak k WHERE k.library_id = l.id AND k.year = ?
               AND k.collection_titles IS NOT NULL AND k.collection_copies IS NOT NULL AND k.staff_librarians IS NOT NULL
               AND k.staff_other IS NOT NULL AND k.members IS NOT NULL AND k.visits IS NOT NULL)"
                .into(),
        );
        p.push(i64::from(y).into());
    }
    if let Some(q) = f.query.as_deref().map(fold).filter(|q| !q.is_empty()) {
        let (c, v) = super::search::contains(super::search::Index::Libraries, "l.id", "l.search_name", &q);
        sql.push(c);
        p.push(v);
    }
    (sql.join(" AND "), p)
}

fn order_by(s: LibrarySort) -> &'static str {
    match s {
        LibrarySort::Name => "l.search_name, l.id",
        LibrarySort::NameDesc => "l.search_name DESC, l.id DESC",
        LibrarySort::Region => "l.region_code, l.search_name, l.id",
        LibrarySort::Type => "l.library_type, l.search_name, l.id",
        LibrarySort::Updated => "l.updated_at DESC, l.id DESC",
        LibrarySort::ProgrammeYear => "l.programme_year IS NULL, l.programme_year, l.search_name, l.id",
    }
}

fn field_params(f: &LibraryFields) -> [Value; 18] {
    let s = |v: &Option<String>| -> Value { v.clone().map(Value::Text).unwrap_or(Value::Null) };
    [
        f.name.clone().into(),
        search_text(f).into(),
        f.library_type.code().to_string().into(),
        f.status.code().to_string().into(),
        s(&f.npp),
        f.region_code.to_string().into(),
        s(&f.address),
        f.latitude.map(Value::Real).unwrap_or(Value::Null),
        f.longitude.map(Value::Real).unwrap_or(Value::Null),
        s(&f.parent_institution),
        f.founded_year.map(|v| Value::Integer(v.into())).unwrap_or(Value::Null),
        s(&f.head_name),
        s(&f.phone),
        s(&f.email),
        s(&f.opening_days),
        f.building_area_m2.map(Value::Integer).unwrap_or(Value::Null),
        f.programme_year.map(|v| Value::Integer(v.into())).unwrap_or(Value::Null),
        f.programme_tier.map(|t| Value::Text(t.code().into())).unwrap_or(Value::Null),
    ]
}

const INSERT: &str = "INSERT INTO libraries (name, search_name, library_type, status, npp, region_code, address, latitude,
    longitude, parent_institution, founded_year, head_name, phone, email, opening_days, building_area_m2, programme_year,
    programme_tier, created_at, updated_at, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,1)";

pub(super) fn insert_one(tx: &Transaction, f: &LibraryFields, now: i64) -> Result<LibraryId> {
    let mut stmt = tx.prepare_cached(INSERT).map_err(db_err)?;
    let mut values: Vec<Value> = field_params(f).into();
    values.push(now.into());
    values.push(now.into());
    stmt.execute(params_from_iter(values)).map_err(db_err)?;
    let id = tx.last_insert_rowid();
    super::search::add(tx, super::search::Index::Libraries, id, &search_text(f))?;
    Ok(LibraryId::new(id))
}

fn get(c: &rusqlite::Connection, id: LibraryId) -> Result<Option<Library>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM libraries l WHERE l.id = ?"))
        .map_err(db_err)?
        .query_row([id.get()], library_row)
        .optional()
        .map_err(db_err)
}

pub(super) fn save_ktak(tx: &Transaction, id: LibraryId, k: &KtakFigures) -> Result<()> {
    let id = id.get();
    tx.prepare_cached(
        "INSERT INTO library_ktak (library_id, year, collection_titles, collection_copies, staff_librarians, staff_other, members, visits)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (library_id, year) DO UPDATE SET collection_titles = excluded.collection_titles,
           collection_copies = excluded.collection_copies, staff_librarians = excluded.staff_librarians,
           staff_other = excluded.staff_other, members = excluded.members, visits = excluded.visits, from_monthly = 0",
    )
    .map_err(db_err)?
    .execute(params![id, k.year, k.collection_titles, k.collection_copies, k.staff_librarians, k.staff_other, k.members, k.visits])
    .map_err(db_err)?;
    Ok(())
}

impl LibraryStore for SqliteStore {
    fn equipment(&self, library_id: LibraryId) -> Result<Vec<lentera_core::library::Equipment>> {
        let library_id = library_id.get();
        self.equipment_list(library_id)
    }

    fn save_equipment(
        &self,
        library_id: LibraryId,
        id: Option<i64>,
        fields: &lentera_core::library::EquipmentFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<lentera_core::library::Equipment> {
        let library_id = library_id.get();
        self.equipment_save(library_id, id, fields, now, audit)
    }

    fn delete_equipment(&self, library_id: LibraryId, id: i64, audit: AuditRecord) -> Result<()> {
        let library_id = library_id.get();
        self.equipment_delete(library_id, id, audit)
    }

    fn library(&self, id: LibraryId) -> Result<Option<Library>> {
        self.read(|c| get(c, id))
    }

    fn library_by_npp(&self, npp: &str) -> Result<Option<Library>> {
        self.read(|c| {
            c.prepare_cached(&format!("SELECT {COLUMNS} FROM libraries l WHERE l.npp = ?"))
                .map_err(db_err)?
                .query_row([npp.to_ascii_uppercase()], library_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn list_libraries(&self, filter: &LibraryFilter, page: PageRequest) -> Result<Page<LibrarySummary>> {
        let (w, p) = where_clause(filter);
        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM libraries l WHERE {w}"))
                .map_err(db_err)?
                .query_row(params_from_iter(p.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut lp = p.clone();
            lp.push(page.per_page.into());
            lp.push(page.offset().into());
            let sql = format!(
                "SELECT l.id, l.name, l.library_type, l.status, l.npp, l.region_code, COALESCE(r.name, ''),
                        l.programme_year, l.programme_tier, l.updated_at
                 FROM libraries l LEFT JOIN regions r ON r.code = l.region_code
                 WHERE {w} ORDER BY {} LIMIT ? OFFSET ?",
                order_by(filter.sort)
            );
            let mut stmt = c.prepare_cached(&sql).map_err(db_err)?;
            let items = stmt
                .query_map(params_from_iter(lp), |r| {
                    let ty: String = r.get(2)?;
                    let st: String = r.get(3)?;
                    let region: String = r.get(5)?;
                    let tier: Option<String> = r.get(8)?;
                    Ok(LibrarySummary {
                        id: id_at(r, 0)?,
                        name: r.get(1)?,
                        library_type: LibraryType::parse(&ty).ok_or_else(|| bad(2))?,
                        status: LibraryStatus::parse(&st).ok_or_else(|| bad(3))?,
                        npp: r.get(4)?,
                        region_code: RegionCode::parse(&region).map_err(|_| bad(5))?,
                        region_name: r.get(6)?,
                        programme_year: r.get(7)?,
                        programme_tier: tier.as_deref().and_then(ProgrammeTier::parse),
                        updated_at: r.get(9)?,
                    })
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn each_library(&self, filter: &LibraryFilter, f: &mut dyn FnMut(&Library) -> Result<()>) -> Result<()> {
        let (w, p) = where_clause(filter);
        self.read(|c| {
            let sql = format!("SELECT {COLUMNS} FROM libraries l WHERE {w} ORDER BY {}", order_by(filter.sort));
            let mut stmt = c.prepare(&sql).map_err(db_err)?;
            let mut rows = stmt.query(params_from_iter(p)).map_err(db_err)?;
            while let Some(r) = rows.next().map_err(db_err)? {
                f(&library_row(r).map_err(db_err)?)?;
            }
            Ok(())
        })
    }

    fn insert_library(&self, fields: &LibraryFields, now: i64, audit: AuditRecord) -> Result<Library> {
        self.write(|tx| {
            let id = insert_one(tx, fields, now)?;
            write_audit(tx, &audit, Some(id.get()))?;
            get(tx, id)?.ok_or_else(|| Error::unexpected("inserted library vanished"))
        })
    }

    fn update_library(
        &self,
        id: LibraryId,
        expected_version: i64,
        fields: &LibraryFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Library> {
        self.write(|tx| {
            let current: Option<i64> = tx
                .query_row("SELECT version FROM libraries WHERE id = ?", [id.get()], |r| r.get(0))
                .optional()
                .map_err(db_err)?;
            match current {
                None => return Err(Error::NotFound),
                Some(v) if v != expected_version => return Err(Error::Stale),
                _ => {}
            }
            let mut values: Vec<Value> = field_params(fields).into();
            values.push(now.into());
            values.push(id.get().into());
            tx.prepare_cached(
                "UPDATE libraries SET name=?, search_name=?, library_type=?, status=?, npp=?, region_code=?, address=?, latitude=?,
                   longitude=?, parent_institution=?, founded_year=?, head_name=?, phone=?, email=?, opening_days=?,
                   building_area_m2=?, programme_year=?, programme_tier=?, updated_at=?, version = version + 1 WHERE id=?",
            )
            .map_err(db_err)?
            .execute(params_from_iter(values))
            .map_err(db_err)?;
            super::search::put(tx, super::search::Index::Libraries, id.get(), &search_text(fields))?;
            write_audit(tx, &audit, Some(id.get()))?;
            get(tx, id)?.ok_or(Error::NotFound)
        })
    }

    fn delete_library(&self, id: LibraryId, audit: AuditRecord) -> Result<()> {
        let id = id.get();
        self.write(|tx| {
            let n = tx.execute("DELETE FROM libraries WHERE id = ?", [id]).map_err(db_err)?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            super::search::remove(tx, super::search::Index::Libraries, id)?;
            write_audit(tx, &audit, Some(id))
        })
    }

    fn library_refs(&self, filter: &LibraryFilter, limit: i64) -> Result<Vec<(LibraryId, RegionCode)>> {
        let (w, mut p) = where_clause(filter);
        p.push(limit.into());
        self.read(|c| {
            c.prepare(&format!("SELECT l.id, l.region_code FROM libraries l WHERE {w} ORDER BY l.id LIMIT ?"))
                .map_err(db_err)?
                .query_map(params_from_iter(p), |r| {
                    let code: String = r.get(1)?;
                    Ok((id_at(r, 0)?, RegionCode::parse(&code).map_err(|_| bad(1))?))
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn ktak(&self, library_id: LibraryId) -> Result<Vec<KtakFigures>> {
        let library_id = library_id.get();
        self.read(|c| {
            let mut stmt = c
                .prepare_cached(
                    "SELECT year, collection_titles, collection_copies, staff_librarians, staff_other, members, visits
                     FROM library_ktak WHERE library_id = ? ORDER BY year DESC",
                )
                .map_err(db_err)?;
            let rows = stmt
                .query_map([library_id], |r| {
                    Ok(KtakFigures {
                        year: r.get(0)?,
                        collection_titles: r.get(1)?,
                        collection_copies: r.get(2)?,
                        staff_librarians: r.get(3)?,
                        staff_other: r.get(4)?,
                        members: r.get(5)?,
                        visits: r.get(6)?,
                    })
                })
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(rows)
        })
    }

    fn save_ktak(&self, library_id: LibraryId, figures: &KtakFigures, audit: AuditRecord) -> Result<()> {
        let library_id = library_id.get();
        self.write(|tx| {
            save_ktak(tx, LibraryId::new(library_id), figures)?;
            tx.execute("UPDATE libraries SET updated_at = ? WHERE id = ?", params![audit.at, library_id])
                .map_err(db_err)?;
            write_audit(tx, &audit, Some(library_id))
        })
    }
}
