//! Activity reports: create and edit drafts, move them through the review workflow, list
//! them within scope, and the reviewer's inbox.

use crate::FieldError;
use crate::access::Actor;
use crate::activity::{
    Activity, ActivityFields, ActivityFilter, ActivityInput, ActivityStatus, Category, MAX_PHOTOS, NewPhoto, Photo,
    TransitionKind, Workflow, check_comment, similar_titles,
};
use crate::audit::{AuditAction, AuditRecord};
use crate::library::{Page, PageRequest};
use crate::lists::ManagedList;
use crate::services::Env;
use crate::services::libraries;
use crate::user::Role;
use crate::{Error, Result};

/// A report the actor may read (its library's rule); otherwise it looks missing.
pub fn get(env: &Env, actor: &Actor, id: i64) -> Result<Activity> {
    let mut a = env.store.activity(id)?.ok_or(Error::NotFound)?;
    libraries::get(env, actor, a.library_id).map_err(|_| Error::NotFound)?;
    withhold_story(actor, &mut a);
    Ok(a)
}

/// A story shared without consent stays inside the library's own reporting chain: every
/// read path (page, list, export, API) goes through here.
fn withhold_story(actor: &Actor, a: &mut Activity) {
    if !a.fields.story_consent && !actor.in_reporting_chain(a.library_id, &a.region_code) {
        a.fields.story = None;
    }
}

pub fn list(env: &Env, actor: &Actor, mut filter: ActivityFilter, page: PageRequest) -> Result<Page<Activity>> {
    actor.narrow(&mut filter.region, &mut filter.library_id)?;
    let mut page = env.store.list_activities(&filter, page)?;
    page.items.iter_mut().for_each(|a| withhold_story(actor, a));
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
pub fn warnings(env: &Env, library_id: i64, fields: &ActivityFields, except: Option<i64>) -> Result<Vec<FieldError>> {
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
    library_id: i64,
    fields: &ActivityFields,
    except: Option<i64>,
    confirmed: bool,
) -> Result<()> {
    if confirmed {
        return Ok(());
    }
    let w = warnings(env, library_id, fields, except)?;
    if w.is_empty() { Ok(()) } else { Err(Error::Validation(w)) }
}

/// Whether a client id is a UUID (any version), as offline clients generate.
pub fn valid_client_id(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter()
            .enumerate()
            .all(|(i, c)| if [8, 13, 18, 23].contains(&i) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

/// What a stored report with the same client id means for a new submission: the same
/// library's is a retry (answered with the stored report); another library's is refused
/// rather than revealed.
pub(crate) fn retried<T>(stored: Option<T>, library_id: i64, library_of: impl Fn(&T) -> i64) -> Result<Option<T>> {
    match stored {
        Some(r) if library_of(&r) == library_id => Ok(Some(r)),
        Some(_) => Err(Error::Conflict("client_id sudah dipakai.".into())),
        None => Ok(None),
    }
}

/// Creates a draft report for a library. With a `client_id`, a retry of the same submission
/// returns the report created the first time (`false` = not newly created).
pub fn create(
    env: &Env,
    actor: &Actor,
    library_id: i64,
    client_id: Option<&str>,
    input: &ActivityInput,
) -> Result<(Activity, bool)> {
    let lib = libraries::get(env, actor, library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let client_id = client_id.map(|c| c.trim().to_ascii_lowercase()).filter(|c| !c.is_empty());
    if let Some(c) = &client_id {
        if !valid_client_id(c) {
            return Err(Error::field("client_id", "client_id harus UUID.", "client_id must be a UUID."));
        }
        if let Some(existing) = retried(env.store.activity_by_client_id(c)?, library_id, |a| a.library_id)? {
            return Ok((existing, false));
        }
    }
    let stored = || -> Result<Activity> {
        let fields = input.validate(env.today(lib.region_code.time_zone()))?;
        check_category(env, fields.category_id)?;
        check_warnings(env, library_id, &fields, None, input.confirm_warnings)?;
        let now = env.now();
        let audit = AuditRecord::new(actor, AuditAction::Create, "activity", now)
            .region(Some(lib.region_code.clone()))
            .after(&fields);
        env.store.insert_activity(&lib, client_id.as_deref(), &fields, actor.user_id, now, audit)
    };
    match stored() {
        Ok(a) => Ok((a, true)),
        // A concurrent retry of the same submission was stored meanwhile (its insert won, or
        // it now looks like a duplicate of itself): answer with the stored report.
        Err(e) => match client_id.as_deref() {
            Some(c) => {
                retried(env.store.activity_by_client_id(c)?, library_id, |a| a.library_id)?.map(|a| (a, false)).ok_or(e)
            }
            None => Err(e),
        },
    }
}

pub fn update(env: &Env, actor: &Actor, id: i64, expected_version: i64, input: &ActivityInput) -> Result<Activity> {
    let before = get(env, actor, id)?;
    let lib = libraries::get(env, actor, before.library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    if !before.status.editable() {
        return Err(Error::Conflict(
            "Laporan ini sedang ditinjau atau sudah disetujui sehingga terkunci. Minta peninjau mengembalikan atau membuka kembali.".into(),
        ));
    }
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
    env.store.update_activity(id, expected_version, &fields, now, audit)
}

/// The transitions the actor may apply to this report now.
pub fn available(env: &Env, actor: &Actor, workflow: Workflow, a: &Activity) -> Result<Vec<TransitionKind>> {
    let lib = libraries::get(env, actor, a.library_id)?;
    Ok(workflow.available(actor, a.status, actor.can_edit_library(&lib), actor.covers_region(&a.region_code)))
}

/// Applies a workflow transition; returns and reopenings need a comment.
pub fn transition(
    env: &Env,
    actor: &Actor,
    workflow: Workflow,
    id: i64,
    kind: TransitionKind,
    comment: Option<&str>,
) -> Result<Activity> {
    let a = get(env, actor, id)?;
    let allowed = available(env, actor, workflow, &a)?;
    let (next, comment, audit) = plan_transition(
        env,
        actor,
        workflow,
        "activity_status",
        id,
        &a.region_code,
        a.status,
        kind,
        &allowed,
        comment,
    )?;
    let now = audit.at;
    env.store.set_activity_status(id, a.status, next, comment.as_deref(), now, audit)
}

/// The status of reports waiting for the actor's level, if the actor reviews at all.
pub fn waiting_status(actor: &Actor, workflow: Workflow) -> Option<ActivityStatus> {
    match actor.role {
        Role::RegencyCoordinator => Some(ActivityStatus::Submitted),
        Role::ProvinceCoordinator | Role::NationalAdmin if workflow.levels >= 2 => Some(ActivityStatus::Verified),
        Role::ProvinceCoordinator | Role::NationalAdmin => Some(ActivityStatus::Submitted),
        _ => None,
    }
}

/// Checks a workflow step for any kind of report and prepares its audit record: the step must
/// apply to the current status (409), be the actor's to take (403), and carry a note when it
/// sends a report back (422).
#[allow(clippy::too_many_arguments)]
pub(crate) fn plan_transition(
    env: &Env,
    actor: &Actor,
    workflow: Workflow,
    entity: &'static str,
    id: i64,
    region: &crate::region::RegionCode,
    status: ActivityStatus,
    kind: TransitionKind,
    allowed: &[TransitionKind],
    comment: Option<&str>,
) -> Result<(ActivityStatus, Option<String>, AuditRecord)> {
    let Some(next) = workflow.next(status, kind) else {
        return Err(Error::Conflict(format!(
            "Laporan berstatus '{}' tidak dapat di-{}.",
            status.label(crate::i18n::Lang::Id),
            kind.label(crate::i18n::Lang::Id).to_lowercase()
        )));
    };
    if !allowed.contains(&kind) {
        return Err(Error::Forbidden);
    }
    let comment = check_comment(kind, comment)?;
    let audit = AuditRecord::new(actor, AuditAction::Update, entity, env.now())
        .id(id)
        .region(Some(region.clone()))
        .before(&serde_json::json!({"status": status}))
        .after(&serde_json::json!({"status": next, "transition": kind, "comment": comment}));
    Ok((next, comment, audit))
}

/// The reviewer's inbox ("menunggu verifikasi saya") and the library's returned reports
/// ("dikembalikan kepada saya").
pub fn inbox(
    env: &Env,
    actor: &Actor,
    workflow: Workflow,
    page: PageRequest,
) -> Result<(Page<Activity>, Page<Activity>)> {
    let waiting_status = waiting_status(actor, workflow);
    let empty = || Page { items: Vec::new(), total: 0, page: 1, per_page: page.per_page };
    let waiting = match waiting_status {
        Some(s) => list(env, actor, ActivityFilter { status: Some(s), ..Default::default() }, page)?,
        None => empty(),
    };
    let returned = match actor.role {
        Role::LibraryManager => {
            list(env, actor, ActivityFilter { status: Some(ActivityStatus::Returned), ..Default::default() }, page)?
        }
        _ => empty(),
    };
    Ok((waiting, returned))
}

pub fn categories(env: &Env, include_retired: bool) -> Result<Vec<Category>> {
    env.store.list_items(ManagedList::ActivityCategory, include_retired)
}

/// Checks, before any file is processed, that the actor may add a photo to this report now.
pub fn check_photo_upload(env: &Env, actor: &Actor, activity_id: i64, adding: usize) -> Result<Activity> {
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
pub fn add_photo(env: &Env, actor: &Actor, activity_id: i64, photo: &NewPhoto) -> Result<Photo> {
    let a = check_photo_upload(env, actor, activity_id, 1)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "activity_photo", now)
        .region(Some(a.region_code.clone()))
        .after(&serde_json::json!({"activity_id": activity_id, "name": photo.name, "width": photo.width, "height": photo.height}));
    env.store.insert_photo(activity_id, photo, now, audit)
}

pub fn photos(env: &Env, actor: &Actor, activity_id: i64) -> Result<Vec<Photo>> {
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
pub fn delete_photo(env: &Env, actor: &Actor, activity_id: i64, photo_id: i64) -> Result<Photo> {
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
    env.store.each_activity(&filter, &mut |a| {
        let mut a = a.clone();
        withhold_story(actor, &mut a);
        f(&a)
    })
}
