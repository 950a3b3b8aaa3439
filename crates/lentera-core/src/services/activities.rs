//! Activity reports: create and edit drafts (their review is [`super::review`]'s), list and
//! export them within scope, warnings, categories, photos.

use crate::FieldError;
use crate::access::Actor;
use crate::activity::{
    Activity, ActivityFields, ActivityFilter, ActivityInput, Category, MAX_PHOTOS, NewPhoto, Photo, similar_titles,
};
use crate::audit::{AuditAction, AuditRecord};
use crate::ids::ActivityId;
use crate::ids::LibraryId;
use crate::library::{Page, PageRequest};
use crate::lists::ManagedList;
use crate::reporting::Report;
use crate::services::{Env, libraries, review};
use crate::{Error, Result};

/// A report the actor may read, as the actor may see it (see [`Report::shown_to`]).
pub fn get(env: &Env, actor: &Actor, id: ActivityId) -> Result<Activity> {
    review::get(env, actor, id)
}

pub fn list(env: &Env, actor: &Actor, mut filter: ActivityFilter, page: PageRequest) -> Result<Page<Activity>> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    let mut page = env.store.list_activities(&filter, page)?;
    page.items = page.items.into_iter().map(|a| a.shown_to(actor)).collect();
    Ok(page)
}

fn check_category(env: &Env, id: i64) -> Result<()> {
    if !categories(env, false)?.iter().any(|c| c.id == id) {
        return Err(Error::field(
            "category_id",
            "Kategori tidak dikenal atau sudah tidak dipakai.",
            "Unknown or retired category.",
        ));
    }
    Ok(())
}

/// Warnings, not errors: a likely duplicate (same library, same dates, similar title) and a
/// participant count far above the library's own recent activities (more than three times
/// the median of its last 12 months, with at least three to compare).
pub fn warnings(
    env: &Env,
    library_id: LibraryId,
    fields: &ActivityFields,
    except: Option<ActivityId>,
) -> Result<Vec<FieldError>> {
    let mut out = Vec::new();
    let same_days = ActivityFilter {
        library_id: Some(library_id),
        from: Some(fields.start_date),
        to: Some(fields.end_date),
        ..Default::default()
    };
    let twins = env.store.list_activities(&same_days, PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)))?;
    if let Some(twin) =
        twins.items.iter().find(|a| Some(a.id) != except && similar_titles(&a.fields.title, &fields.title))
    {
        out.push(FieldError::warning(
            "title",
            &format!("Mungkin duplikat: sudah ada laporan \"{}\" pada tanggal yang sama.", twin.fields.title),
            &format!("Possible duplicate: \"{}\" was already reported for the same dates.", twin.fields.title),
        ));
    }
    let year_before = ActivityFilter {
        library_id: Some(library_id),
        from: Some(fields.start_date - time::Duration::days(365)),
        to: Some(fields.start_date),
        ..Default::default()
    };
    let mut totals: Vec<i64> = env
        .store
        .list_activities(&year_before, PageRequest::new(None, Some(PageRequest::MAX_PER_PAGE)))?
        .items
        .iter()
        .filter(|a| Some(a.id) != except)
        .map(|a| a.fields.participants.total())
        .collect();
    if totals.len() >= 3 {
        totals.sort_unstable();
        let median = totals[totals.len() / 2];
        let total = fields.participants.total();
        if median > 0 && total > 3 * median {
            out.push(FieldError::warning(
                "participants_total",
                &format!("Jumlah peserta {total} jauh di atas biasanya (median 12 bulan terakhir: {median}). Periksa kembali."),
                &format!("{total} participants is far above usual (median of the last 12 months: {median}). Please check."),
            ));
        }
    }
    Ok(out)
}

fn check_warnings(
    env: &Env,
    library_id: LibraryId,
    fields: &ActivityFields,
    except: Option<ActivityId>,
    confirmed: bool,
) -> Result<()> {
    if confirmed {
        return Ok(());
    }
    let w = warnings(env, library_id, fields, except)?;
    if w.is_empty() { Ok(()) } else { Err(Error::Validation(w)) }
}

/// Creates a draft report for a library. With a `client_id`, a retry of the same submission
/// returns the report created the first time (`false` = not newly created).
pub fn create(
    env: &Env,
    actor: &Actor,
    library_id: LibraryId,
    client_id: Option<&str>,
    input: &ActivityInput,
) -> Result<(Activity, bool)> {
    review::create_once(env, actor, library_id, client_id, |lib, client_id| {
        let fields = input.validate(env.today(lib.region_code.time_zone()))?;
        check_category(env, fields.category_id)?;
        check_warnings(env, library_id, &fields, None, input.confirm_warnings)?;
        let now = env.now();
        let audit = AuditRecord::new(actor, AuditAction::Create, "activity", now)
            .region(Some(lib.region_code.clone()))
            .after(&fields);
        env.store.insert_activity(lib, client_id, &fields, actor.user_id, now, audit)
    })
}

pub fn update(
    env: &Env,
    actor: &Actor,
    id: ActivityId,
    expected_version: i64,
    input: &ActivityInput,
) -> Result<Activity> {
    let (before, lib) = review::editable::<Activity>(env, actor, id)?;
    let fields = input.validate(env.today(lib.region_code.time_zone()))?;
    if fields.category_id != before.fields.category_id {
        check_category(env, fields.category_id)?;
    }
    check_warnings(env, before.library_id, &fields, Some(id), input.confirm_warnings)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "activity", now)
        .id(id)
        .region(Some(before.region_code.clone()))
        .before(&before.fields)
        .after(&fields);
    env.store.update_activity(id, expected_version, &fields, now, audit).map_err(review::stale_edit)
}

pub fn categories(env: &Env, include_retired: bool) -> Result<Vec<Category>> {
    env.store.list_items(ManagedList::ActivityCategory, include_retired)
}

/// Checks, before any file is processed, that the actor may add a photo to this report now.
pub fn check_photo_upload(env: &Env, actor: &Actor, activity_id: ActivityId, adding: usize) -> Result<Activity> {
    let a = get(env, actor, activity_id)?;
    let lib = libraries::get(env, actor, a.library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    if !a.status.editable() {
        return Err(Error::Conflict(
            "Foto hanya dapat ditambah atau dihapus selama laporan berstatus draf atau dikembalikan.".into(),
        ));
    }
    let have = env.store.photos(activity_id)?.len();
    if have >= MAX_PHOTOS {
        return Err(Error::field(
            "photo",
            "Sudah ada 10 foto; hapus salah satu dulu.",
            "There are 10 photos already; delete one first.",
        ));
    }
    if have + adding > MAX_PHOTOS {
        let room = MAX_PHOTOS - have;
        return Err(Error::field(
            "photo",
            &format!("Paling banyak {MAX_PHOTOS} foto per laporan; sudah ada {have}, dapat ditambah {room} lagi."),
            &format!("At most {MAX_PHOTOS} photos per report; there are {have}, {room} more can be added."),
        ));
    }
    Ok(a)
}

/// Records a processed photo (its files already written under `name`).
pub fn add_photo(env: &Env, actor: &Actor, activity_id: ActivityId, photo: &NewPhoto) -> Result<Photo> {
    let a = check_photo_upload(env, actor, activity_id, 1)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "activity_photo", now)
        .region(Some(a.region_code.clone()))
        .after(&serde_json::json!({"activity_id": activity_id, "name": photo.name, "width": photo.width, "height": photo.height}));
    env.store.insert_photo(activity_id, photo, now, audit)
}

pub fn photos(env: &Env, actor: &Actor, activity_id: ActivityId) -> Result<Vec<Photo>> {
    get(env, actor, activity_id)?;
    env.store.photos(activity_id)
}

/// A photo for download: only for those who may read its report.
pub fn photo(env: &Env, actor: &Actor, name: &str) -> Result<Photo> {
    let p = env.store.photo_by_name(name)?.ok_or(Error::NotFound)?;
    get(env, actor, p.activity_id)?;
    Ok(p)
}

/// Removes a photo record; returns it so the caller can delete its files.
pub fn delete_photo(env: &Env, actor: &Actor, activity_id: ActivityId, photo_id: i64) -> Result<Photo> {
    let a = check_photo_upload(env, actor, activity_id, 0).or_else(|e| match e {
        // Deleting is allowed at the limit.
        Error::Validation(_) => get(env, actor, activity_id),
        other => Err(other),
    })?;
    let p = env.store.photos(activity_id)?.into_iter().find(|p| p.id == photo_id).ok_or(Error::NotFound)?;
    let audit = AuditRecord::new(actor, AuditAction::Delete, "activity_photo", env.now())
        .id(photo_id)
        .region(Some(a.region_code.clone()))
        .before(&p);
    env.store.delete_photo(photo_id, audit)?;
    Ok(p)
}

/// Every report matching the filter within the actor's scope, newest first (for exports).
pub fn each(
    env: &Env,
    actor: &Actor,
    mut filter: ActivityFilter,
    f: &mut dyn FnMut(&Activity) -> Result<()>,
) -> Result<()> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    env.store.each_activity(&filter, &mut |a| f(&a.clone().shown_to(actor)))
}
