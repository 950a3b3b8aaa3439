//! Activity reports and their photos: rows, list filters, edits, bulk loading for the demo
//! and imports (status changes go through the review port, `review.rs`).

use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, Transaction, params, params_from_iter};

use super::{SqliteStore, bad, db_err, id_at, subtree, write_audit};
use lentera_core::activity::{Activity, ActivityFields, ActivityFilter, NewPhoto, Participants, Photo};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::{ActivityId, LibraryId};
use lentera_core::library::{Library, Page, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::reporting::ReportStatus;
use lentera_core::store::ActivityStore;
use lentera_core::text::fold;
use lentera_core::{Error, Result};

const COLUMNS: &str =
    "a.id, a.client_id, a.library_id, l.name, a.region_code, c.name, a.title, a.start_date, a.end_date,
    a.place, a.category_id, a.description, a.resource_persons, a.partners, a.male, a.female, a.children, a.teens,
    a.adults, a.elderly, a.disabled, a.outputs, a.income_participants, a.income_rupiah, a.links, a.story,
    a.story_consent, a.status, a.review_comment, a.created_at, a.updated_at, a.version";
const FROM: &str =
    "activities a JOIN libraries l ON l.id = a.library_id JOIN activity_categories c ON c.id = a.category_id";

fn date(i: usize, s: String) -> rusqlite::Result<time::Date> {
    lentera_core::activity::parse_date(&s).ok_or_else(|| bad(i))
}

fn activity_row(r: &Row) -> rusqlite::Result<Activity> {
    let region: String = r.get(4)?;
    let links: String = r.get(24)?;
    let status: String = r.get(27)?;
    Ok(Activity {
        id: id_at(r, 0)?,
        client_id: r.get(1)?,
        library_id: id_at(r, 2)?,
        library_name: r.get(3)?,
        region_code: RegionCode::parse(&region).map_err(|_| bad(4))?,
        category_name: r.get(5)?,
        fields: ActivityFields {
            title: r.get(6)?,
            start_date: date(7, r.get(7)?)?,
            end_date: date(8, r.get(8)?)?,
            place: r.get(9)?,
            category_id: r.get(10)?,
            description: r.get(11)?,
            resource_persons: r.get(12)?,
            partners: r.get(13)?,
            participants: Participants {
                male: r.get(14)?,
                female: r.get(15)?,
                children: r.get(16)?,
                teens: r.get(17)?,
                adults: r.get(18)?,
                elderly: r.get(19)?,
                disabled: r.get(20)?,
            },
            outputs: r.get(21)?,
            income_participants: r.get(22)?,
            income_rupiah: r.get(23)?,
            links: links.lines().filter(|l| !l.is_empty()).map(str::to_string).collect(),
            story: r.get(25)?,
            story_consent: r.get(26)?,
        },
        status: ReportStatus::parse(&status).ok_or_else(|| bad(27))?,
        review_comment: r.get(28)?,
        created_at: r.get(29)?,
        updated_at: r.get(30)?,
        version: r.get(31)?,
    })
}

fn get(c: &rusqlite::Connection, id: i64) -> Result<Option<Activity>> {
    c.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE a.id = ?"))
        .map_err(db_err)?
        .query_row([id], activity_row)
        .optional()
        .map_err(db_err)
}

/// The editable columns in table order, after `title`.
fn field_values(f: &ActivityFields) -> Vec<Value> {
    let s = |v: &Option<String>| v.clone().map(Value::Text).unwrap_or(Value::Null);
    let p = &f.participants;
    vec![
        f.title.clone().into(),
        fold(&f.title).into(),
        f.start_date.to_string().into(),
        f.end_date.to_string().into(),
        s(&f.place),
        f.category_id.into(),
        s(&f.description),
        s(&f.resource_persons),
        s(&f.partners),
        p.male.into(),
        p.female.into(),
        p.children.into(),
        p.teens.into(),
        p.adults.into(),
        p.elderly.into(),
        p.disabled.into(),
        s(&f.outputs),
        f.income_participants.map(Value::Integer).unwrap_or(Value::Null),
        f.income_rupiah.map(Value::Integer).unwrap_or(Value::Null),
        f.links.join("\n").into(),
        s(&f.story),
        i64::from(f.story_consent).into(),
    ]
}

const FIELD_COLUMNS: [&str; 22] = [
    "title",
    "search_title",
    "start_date",
    "end_date",
    "place",
    "category_id",
    "description",
    "resource_persons",
    "partners",
    "male",
    "female",
    "children",
    "teens",
    "adults",
    "elderly",
    "disabled",
    "outputs",
    "income_participants",
    "income_rupiah",
    "links",
    "story",
    "story_consent",
];

pub(super) fn insert(
    tx: &Transaction,
    (library_id, region): (LibraryId, &RegionCode),
    client_id: Option<&str>,
    f: &ActivityFields,
    created_by: Option<i64>,
    status: ReportStatus,
    now: i64,
) -> Result<i64> {
    let cols = FIELD_COLUMNS.join(", ");
    let marks = vec!["?"; FIELD_COLUMNS.len() + 7].join(", ");
    let mut values = vec![
        client_id.map(|c| Value::Text(c.into())).unwrap_or(Value::Null),
        library_id.get().into(),
        region.to_string().into(),
        status.code().to_string().into(),
        created_by.map(Value::Integer).unwrap_or(Value::Null),
        now.into(),
        now.into(),
    ];
    values.extend(field_values(f));
    tx.prepare_cached(&format!(
        "INSERT INTO activities (client_id, library_id, region_code, status, created_by, created_at, updated_at, {cols}) VALUES ({marks})"
    ))
    .map_err(db_err)?
    .execute(params_from_iter(values))
    .map_err(db_err)?;
    let id = tx.last_insert_rowid();
    super::search::add(tx, super::search::Index::Activities, id, &fold(&f.title))?;
    Ok(id)
}

fn photo_row(r: &Row) -> rusqlite::Result<Photo> {
    Ok(Photo {
        id: r.get(0)?,
        activity_id: id_at(r, 1)?,
        name: r.get(2)?,
        width: r.get(3)?,
        height: r.get(4)?,
        bytes: r.get(5)?,
        created_at: r.get(6)?,
    })
}

const PHOTO_COLUMNS: &str = "id, activity_id, name, width, height, bytes, created_at";

fn where_clause(f: &ActivityFilter) -> (String, Vec<Value>) {
    let mut cond = vec!["1 = 1".to_string()];
    let mut p: Vec<Value> = Vec::new();
    if let Some(r) = &f.region {
        let (lo, hi) = subtree(r.as_str());
        cond.push("a.region_code >= ? AND a.region_code < ?".into());
        p.push(lo.into());
        p.push(hi.into());
    }
    if let Some(id) = f.library_id {
        cond.push("a.library_id = ?".into());
        p.push(id.get().into());
    }
    if let Some(s) = f.status {
        cond.push("a.status = ?".into());
        p.push(s.code().to_string().into());
    }
    if let Some(c) = f.category_id {
        cond.push("a.category_id = ?".into());
        p.push(c.into());
    }
    if let Some(d) = f.from {
        cond.push("a.end_date >= ?".into());
        p.push(d.to_string().into());
    }
    if let Some(d) = f.to {
        cond.push("a.start_date <= ?".into());
        p.push(d.to_string().into());
    }
    if let Some(q) = f.query.as_deref().map(fold).filter(|q| !q.is_empty()) {
        let (c, v) = super::search::contains(super::search::Index::Activities, "a.id", "a.search_title", &q);
        cond.push(c);
        p.push(v);
    }
    (cond.join(" AND "), p)
}

impl ActivityStore for SqliteStore {
    fn each_activity(&self, f: &ActivityFilter, out: &mut dyn FnMut(&Activity) -> Result<()>) -> Result<()> {
        let (w, p) = where_clause(f);
        self.read(|c| {
            let mut stmt = c
                .prepare(&format!("SELECT {COLUMNS} FROM {FROM} WHERE {w} ORDER BY a.start_date DESC, a.id DESC"))
                .map_err(db_err)?;
            let mut rows = stmt.query(params_from_iter(p)).map_err(db_err)?;
            while let Some(r) = rows.next().map_err(db_err)? {
                out(&activity_row(r).map_err(db_err)?)?;
            }
            Ok(())
        })
    }

    fn photos(&self, activity_id: ActivityId) -> Result<Vec<Photo>> {
        self.read(|c| {
            let mut stmt = c
                .prepare_cached(&format!(
                    "SELECT {PHOTO_COLUMNS} FROM activity_photos WHERE activity_id = ? ORDER BY id"
                ))
                .map_err(db_err)?;
            stmt.query_map([activity_id.get()], photo_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)
        })
    }

    fn photo_by_name(&self, name: &str) -> Result<Option<Photo>> {
        self.read(|c| {
            c.prepare_cached(&format!("SELECT {PHOTO_COLUMNS} FROM activity_photos WHERE name = ?"))
                .map_err(db_err)?
                .query_row([name], photo_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn insert_photo(&self, activity_id: ActivityId, p: &NewPhoto, now: i64, audit: AuditRecord) -> Result<Photo> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO activity_photos (activity_id, name, width, height, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                params![activity_id.get(), p.name, p.width, p.height, p.bytes, now],
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            tx.query_row(&format!("SELECT {PHOTO_COLUMNS} FROM activity_photos WHERE id = ?"), [id], photo_row).map_err(db_err)
        })
    }

    fn delete_photo(&self, id: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM activity_photos WHERE id = ?", [id]).map_err(db_err)?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            write_audit(tx, &audit, Some(id))
        })
    }

    fn activity(&self, id: ActivityId) -> Result<Option<Activity>> {
        self.read(|c| get(c, id.get()))
    }

    fn activity_by_client_id(&self, client_id: &str) -> Result<Option<Activity>> {
        self.read(|c| {
            c.prepare_cached(&format!("SELECT {COLUMNS} FROM {FROM} WHERE a.client_id = ?"))
                .map_err(db_err)?
                .query_row([client_id], activity_row)
                .optional()
                .map_err(db_err)
        })
    }

    fn list_activities(&self, f: &ActivityFilter, page: PageRequest) -> Result<Page<Activity>> {
        let (w, p) = where_clause(f);

        self.read(|c| {
            let total: i64 = c
                .prepare_cached(&format!("SELECT count(*) FROM activities a WHERE {w}"))
                .map_err(db_err)?
                .query_row(params_from_iter(p.iter()), |r| r.get(0))
                .map_err(db_err)?;
            let mut lp = p.clone();
            lp.push(page.per_page.into());
            lp.push(page.offset().into());
            let mut stmt = c
                .prepare_cached(&format!(
                    "SELECT {COLUMNS} FROM {FROM} WHERE {w} ORDER BY a.start_date DESC, a.id DESC LIMIT ? OFFSET ?"
                ))
                .map_err(db_err)?;
            let items = stmt
                .query_map(params_from_iter(lp), activity_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn insert_activity(
        &self,
        library: &Library,
        client_id: Option<&str>,
        fields: &ActivityFields,
        created_by: Option<i64>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity> {
        self.write(|tx| {
            let id = insert(
                tx,
                (library.id, &library.region_code),
                client_id,
                fields,
                created_by,
                ReportStatus::Draft,
                now,
            )?;
            write_audit(tx, &audit, Some(id))?;
            get(tx, id)?.ok_or(Error::NotFound)
        })
    }

    fn update_activity(
        &self,
        id: ActivityId,
        expected_version: i64,
        fields: &ActivityFields,
        now: i64,
        audit: AuditRecord,
    ) -> Result<Activity> {
        let id = id.get();
        self.write(|tx| {
            let sets = FIELD_COLUMNS.iter().map(|c| format!("{c} = ?")).collect::<Vec<_>>().join(", ");
            let mut values = field_values(fields);
            values.push(now.into());
            values.push(id.into());
            values.push(expected_version.into());
            values.extend(ReportStatus::EDITABLE.map(|s| Value::from(s.code().to_string())));
            let n = tx
                .prepare_cached(&format!(
                    "UPDATE activities SET {sets}, updated_at = ?, version = version + 1
                     WHERE id = ? AND version = ? AND status IN (?, ?)"
                ))
                .map_err(db_err)?
                .execute(params_from_iter(values))
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::Stale);
            }
            super::search::put(tx, super::search::Index::Activities, id, &fold(&fields.title))?;
            write_audit(tx, &audit, Some(id))?;
            get(tx, id)?.ok_or(Error::NotFound)
        })
    }
}
