//! Programme events: who may organise them, nomination and self-registration within quotas,
//! likely duplicate people, and attendance (QR check-in, marks by hand, video-conference
//! reports).
//!
//! Access: every signed-in person sees events (they are public programme facts). The
//! organiser (Perpusnas: national scope; an office: coordinators covering its region) manages
//! an event and sees all its participants. Coordinators and library managers nominate and
//! see the people of their own scope. Trainers of an event see its participants' names and
//! institutions, not their contacts. Nobody else sees participants (UU 27/2022).

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::event::TrainingRecord;
use crate::event::{
    AgendaSession, AttendanceMark, AttendanceSource, ConferenceMatch, ConferenceRow, Event, EventFields, EventFilter,
    EventInput, Person, PersonFields, PersonInput, Quota, Registration, RegistrationFilter, RegistrationStatus,
    SessionFields, Trainer, checkin_event_id, checkin_token, match_conference, new_registration_code, normalise_email,
    normalise_phone, present_online, similar_names,
};
use crate::ids::EventId;
use crate::ids::LibraryId;
use crate::library::{LibraryType, Page, PageRequest};
use crate::lists::ManagedList;
use crate::services::Env;
use crate::services::lists;
use crate::store::NewEvent;
use crate::text::fold;
use crate::user::{Role, Scope};
use crate::{Error, FieldError, Result, Unique};

/// Whether the actor organises this event (or may organise one for this organiser region).
pub fn can_manage(actor: &Actor, organiser: Option<&crate::region::RegionCode>) -> bool {
    actor.role.is_coordinator()
        && match organiser {
            None => actor.scope == Scope::Nation,
            Some(r) => actor.covers_region(r),
        }
}

fn is_trainer(actor: &Actor, e: &Event) -> bool {
    actor.user_id.is_some() && e.trainers.iter().any(|t| t.user_id == actor.user_id)
}

/// Whether the actor may see this person's contacts: the event's organiser, or the
/// reporting chain of the person's library or region.
fn sees_contacts(actor: &Actor, e: &Event, p: &Person) -> bool {
    can_manage(actor, e.fields.organiser_region.as_ref()) || in_scope(actor, p)
}

/// Whether a person lies within the actor's own scope. This is the one rule for who may
/// nominate, open or edit a person: organising an event widens none of it.
pub fn in_scope(actor: &Actor, p: &Person) -> bool {
    fields_in_scope(actor, &p.fields)
}

fn fields_in_scope(actor: &Actor, p: &PersonFields) -> bool {
    actor.can_report()
        && match &actor.scope {
            Scope::Library { library_id } => p.library_id == Some(*library_id),
            _ => actor.covers_region(&p.region_code),
        }
}

fn out_of_scope() -> Error {
    Error::field(
        "library_id",
        "Anda hanya dapat mendaftarkan atau mengubah orang dari wilayah atau perpustakaan Anda.",
        "You may only nominate or change people of your own region or library.",
    )
}

pub fn get(env: &Env, _actor: &Actor, id: EventId) -> Result<Event> {
    env.store.event(id)?.ok_or(Error::NotFound)
}

/// An event the actor organises; otherwise refused.
pub fn get_managed(env: &Env, actor: &Actor, id: EventId) -> Result<Event> {
    let e = get(env, actor, id)?;
    actor.require(can_manage(actor, e.fields.organiser_region.as_ref()))?;
    Ok(e)
}

pub fn list(env: &Env, _actor: &Actor, filter: EventFilter, page: PageRequest) -> Result<Page<Event>> {
    env.store.list_events(&filter, page)
}

/// The trainers one may pick for an event: users with the trainer role.
pub fn trainer_users(env: &Env) -> Result<Vec<crate::user::User>> {
    env.store.users_with_role(Role::Trainer, 500)
}

fn check_fields(env: &Env, actor: &Actor, fields: &EventFields) -> Result<()> {
    lists::require_current(env, ManagedList::EventType, fields.type_id, "type_id")?;
    if env.store.region(&fields.province_code)?.is_none() {
        return Err(Error::field("province_code", "Provinsi tidak dikenal.", "Unknown province."));
    }
    if !can_manage(actor, fields.organiser_region.as_ref()) {
        return Err(Error::field(
            "organiser_region",
            "Anda hanya dapat menyelenggarakan acara untuk wilayah Anda sendiri.",
            "You may only organise events for your own region.",
        ));
    }
    Ok(())
}

fn trainers_of(env: &Env, input: &EventInput, outside: Vec<String>) -> Result<Vec<Trainer>> {
    let users = trainer_users(env)?;
    let mut out = Vec::new();
    for id in &input.trainer_user_ids {
        let u = users
            .iter()
            .find(|u| u.id == *id)
            .ok_or_else(|| Error::field("trainer_user_ids", "Pelatih tidak dikenal.", "Unknown trainer."))?;
        out.push(Trainer { user_id: Some(u.id), name: u.full_name.clone() });
    }
    out.extend(outside.into_iter().map(|name| Trainer { user_id: None, name }));
    Ok(out)
}

pub fn create(env: &Env, actor: &Actor, input: &EventInput) -> Result<Event> {
    actor.require(actor.role.is_coordinator())?;
    let (fields, outside) = input.parse()?;
    check_fields(env, actor, &fields)?;
    let trainers = trainers_of(env, input, outside)?;
    let new = NewEvent {
        quotas: crate::event::DEFAULT_QUOTAS
            .iter()
            .map(|(t, n)| Quota { library_type: *t, per_institution: *n })
            .collect(),
        fields,
        trainers,
        registration_code: crate::password::new_secret()[..10].to_string(),
        checkin_secret: crate::password::new_secret(),
    };
    let audit = AuditRecord::new(actor, AuditAction::Create, "event", env.now())
        .region(Some(new.fields.province_code.clone()))
        .after(&new.fields);
    env.store.insert_event(&new, env.now(), audit)
}

pub fn update(env: &Env, actor: &Actor, id: EventId, version: i64, input: &EventInput) -> Result<Event> {
    let before = get_managed(env, actor, id)?;
    let (fields, outside) = input.parse()?;
    check_fields(env, actor, &fields)?;
    let trainers = trainers_of(env, input, outside)?;
    let audit = AuditRecord::new(actor, AuditAction::Update, "event", env.now())
        .id(id)
        .region(Some(fields.province_code.clone()))
        .before(&before.fields)
        .after(&fields);
    env.store.update_event(id, version, &fields, &trainers, env.now(), audit).map_err(|e| match e {
        Error::Stale => {
            Error::Conflict("Acara ini sudah diubah orang lain. Muat ulang halaman lalu ulangi perubahan Anda.".into())
        }
        other => other,
    })
}

pub fn delete(env: &Env, actor: &Actor, id: EventId) -> Result<()> {
    let e = get_managed(env, actor, id)?;
    let audit = AuditRecord::new(actor, AuditAction::Delete, "event", env.now())
        .id(id)
        .region(Some(e.fields.province_code.clone()))
        .before(&e.fields);
    env.store.delete_event(id, audit).map_err(|e| match e {
        Error::InUse => {
            let n = env.store.registrations(id, &Default::default()).map(|r| r.len()).unwrap_or_default();
            Error::Conflict(format!("Acara ini sudah memiliki {n} pendaftar; batalkan pendaftarannya lebih dulu."))
        }
        other => other,
    })
}

/// Replaces the quotas: `(library type code, seats)` pairs; 0 or empty seats removes one.
pub fn save_quotas(env: &Env, actor: &Actor, id: EventId, pairs: &[(String, String)]) -> Result<Event> {
    let e = get_managed(env, actor, id)?;
    let mut quotas = Vec::new();
    let mut errors = crate::error::Errors::default();
    for (t, n) in pairs {
        let Some(library_type) = LibraryType::parse(t) else {
            errors.add("quotas", "Jenis perpustakaan tidak dikenal.", "Unknown library type.");
            continue;
        };
        match n.trim() {
            "" | "0" => {}
            v => match v.parse::<i64>() {
                Ok(per_institution) if (1..=100).contains(&per_institution) => {
                    quotas.push(Quota { library_type, per_institution })
                }
                _ => errors.add(
                    &format!("quota_{}", library_type.code()),
                    "Kuota per lembaga 0–100.",
                    "Seats per institution 0–100.",
                ),
            },
        }
    }
    errors.finish()?;
    let audit = AuditRecord::new(actor, AuditAction::Update, "event_quotas", env.now())
        .id(id)
        .region(Some(e.fields.province_code.clone()))
        .before(&e.quotas)
        .after(&quotas);
    env.store.save_quotas(id, &quotas, audit)?;
    // Seats may have grown: the waiting list moves up.
    promote(env, actor, &e)?;
    get(env, actor, id)
}

pub fn agenda(env: &Env, _actor: &Actor, event_id: EventId) -> Result<Vec<AgendaSession>> {
    env.store.agenda(event_id)
}

pub struct SessionInput<'a> {
    pub day: &'a str,
    pub start: &'a str,
    pub end: &'a str,
    pub title: &'a str,
    pub module_id: Option<&'a str>,
    pub trainer: Option<&'a str>,
}

pub fn add_session(env: &Env, actor: &Actor, event_id: EventId, i: &SessionInput) -> Result<AgendaSession> {
    let e = get_managed(env, actor, event_id)?;
    let fields = SessionFields::parse(&e.fields, i.day, i.start, i.end, i.title, i.module_id, i.trainer)?;
    if let Some(m) = fields.module_id {
        lists::require_current(env, ManagedList::Module, m, "module_id")?;
    }
    let audit = AuditRecord::new(actor, AuditAction::Create, "event_session", env.now())
        .region(Some(e.fields.province_code.clone()))
        .after(&serde_json::json!({"event_id": event_id, "day": fields.day.to_string(), "title": fields.title}));
    env.store.insert_agenda_session(event_id, &fields, audit)
}

pub fn delete_session(env: &Env, actor: &Actor, event_id: EventId, session_id: i64) -> Result<()> {
    let e = get_managed(env, actor, event_id)?;
    let audit = AuditRecord::new(actor, AuditAction::Delete, "event_session", env.now())
        .id(session_id)
        .region(Some(e.fields.province_code.clone()));
    env.store.delete_agenda_session(event_id, session_id, audit)
}

// ---------------------------------------------------------------------------------------
// People

/// What the actor may know of a participant: the organiser and the person's own reporting
/// chain see contacts; trainers see names only.
fn redact(actor: &Actor, e: &Event, r: &mut Registration) {
    if !sees_contacts(actor, e, &r.person) {
        r.person.fields.phone = None;
        r.person.fields.email = None;
        r.code = String::new();
    }
}

/// The registrations of an event the actor may see, with contacts only where allowed.
pub fn registrations(
    env: &Env,
    actor: &Actor,
    event_id: EventId,
    mut filter: RegistrationFilter,
) -> Result<Vec<Registration>> {
    let e = get(env, actor, event_id)?;
    let sees_all = can_manage(actor, e.fields.organiser_region.as_ref()) || is_trainer(actor, &e);
    if !sees_all {
        if !actor.can_report() {
            return Err(Error::Forbidden);
        }
        actor.narrow(&mut filter.region, &mut filter.library_id)?;
    }
    let mut regs = env.store.registrations(event_id, &filter)?;
    regs.iter_mut().for_each(|r| redact(actor, &e, r));
    Ok(regs)
}

/// Whether the actor may see the participant list at all (organiser, trainer, or someone who
/// nominates people).
pub fn sees_participants(actor: &Actor, e: &Event) -> bool {
    can_manage(actor, e.fields.organiser_region.as_ref()) || is_trainer(actor, e) || actor.can_report()
}

/// A person the actor may see: the people of their scope (a national admin's scope is the
/// nation). Organising an event they are registered for does not open their record.
pub fn person(env: &Env, actor: &Actor, id: i64) -> Result<(Person, Vec<TrainingRecord>)> {
    let p = env.store.person(id)?.ok_or(Error::NotFound)?;
    if !in_scope(actor, &p) {
        return Err(Error::NotFound);
    }
    Ok((p, env.store.training_history(id)?))
}

pub fn people(env: &Env, actor: &Actor, query: Option<&str>, page: PageRequest) -> Result<Page<Person>> {
    actor.require(actor.can_report())?;
    let (mut region, mut library) = (None, None);
    actor.narrow(&mut region, &mut library)?;
    let q = query.map(fold).filter(|q| !q.is_empty());
    env.store.list_people(region.as_ref(), library, q.as_deref(), page)
}

pub fn update_person(env: &Env, actor: &Actor, id: i64, input: &PersonInput) -> Result<Person> {
    let (before, _) = person(env, actor, id)?;
    let fields = person_fields(env, Some(actor), input)?;
    if !fields_in_scope(actor, &fields) {
        return Err(out_of_scope());
    }
    let audit = AuditRecord::new(actor, AuditAction::Update, "person", env.now())
        .id(id)
        .region(Some(fields.region_code.clone()))
        .before(&before.fields)
        .after(&fields);
    env.store.update_person(id, &fields, env.now(), audit)
}

/// Checks a person's fields; the library (when chosen) gives the region. A signed-in actor
/// must be allowed to read the library; the public may pick any active library.
fn person_fields(env: &Env, actor: Option<&Actor>, input: &PersonInput) -> Result<PersonFields> {
    let library_id = input.library_id.as_deref().map(str::trim).filter(|s| !s.is_empty());
    let library_region = match library_id {
        None => None,
        Some(id) => {
            let lib = id.parse::<LibraryId>().ok().and_then(|id| env.store.library(id).ok().flatten());
            match lib {
                Some(l) if actor.is_none_or(|a| a.can_read_library(&l)) => Some(l.region_code),
                _ => {
                    return Err(Error::field("library_id", "Perpustakaan tidak dikenal.", "Unknown library."));
                }
            }
        }
    };
    let fields = input.parse(library_region)?;
    if env.store.region(&fields.region_code)?.is_none() {
        return Err(Error::field("region_code", "Kode wilayah tidak dikenal.", "Unknown region code."));
    }
    Ok(fields)
}

/// Finds the person these details describe, or adds them. Someone with the same phone or
/// email and a similar name is the same person (reused, so the training history stays in
/// one place). The same phone or email with a different name is a warning the nominator
/// confirms (the public is not told who else uses a number); the pair then shows among the
/// likely duplicates for merging.
fn find_or_add_person(
    env: &Env,
    actor: Option<&Actor>,
    input: &PersonInput,
    confirmed: bool,
    audit_actor: &Actor,
) -> Result<(Person, bool)> {
    let fields = person_fields(env, actor, input)?;
    let phone = fields.phone.as_deref().and_then(normalise_phone);
    let email = fields.email.as_deref().and_then(normalise_email);
    let like =
        env.store.people_like(phone.as_deref(), email.as_deref(), &fold(&fields.full_name), fields.library_id)?;
    if let Some(same) = like.iter().find(|p| similar_names(&p.fields.full_name, &fields.full_name)) {
        return Ok((same.clone(), true));
    }
    if let (Some(other), Some(a), false) = (like.first(), actor, confirmed) {
        // Who else uses the number is told only to those who may see that person.
        let (id, en) = if in_scope(a, other) {
            (
                format!(
                    "Nomor HP atau email ini sudah dipakai oleh {} ({}). Bila orang yang sama, pilih dari daftar orang; bila berbeda, centang konfirmasi.",
                    other.fields.full_name,
                    other.institution_label()
                ),
                format!(
                    "This phone or email is already used by {} ({}). If it is the same person, pick them from the people list; if not, confirm.",
                    other.fields.full_name,
                    other.institution_label()
                ),
            )
        } else {
            (
                "Nomor HP atau email ini sudah dipakai orang lain. Bila benar, centang konfirmasi.".to_string(),
                "This phone or email is already used by someone else. If it is right, confirm.".to_string(),
            )
        };
        return Err(Error::Validation(vec![FieldError::warning("full_name", &id, &en)]));
    }
    let audit = AuditRecord::new(audit_actor, AuditAction::Create, "person", env.now())
        .region(Some(fields.region_code.clone()))
        .after(&fields);
    Ok((env.store.insert_person(&fields, env.now(), audit)?, false))
}

/// Someone to nominate: a known person or new details.
pub struct Nomination {
    pub person_id: Option<i64>,
    pub person: PersonInput,
    pub confirmed: bool,
}

/// The outcome of a registration, for the message shown.
pub struct Registered {
    pub registration: Registration,
    /// The person was already known (details matched an existing record).
    pub reused_person: bool,
}

/// Whoever may report nominates people of their own scope, the organiser too: a person
/// outside it registers through the public link. Registered at once, or on the waiting
/// list when the quota is full. Nothing is written when the person is out of scope.
pub fn nominate(env: &Env, actor: &Actor, event_id: EventId, n: &Nomination) -> Result<Registered> {
    actor.require(actor.can_report())?;
    let e = get(env, actor, event_id)?;
    let (person, reused) = match n.person_id {
        Some(id) => {
            let p = env.store.person(id)?.ok_or(Error::NotFound)?;
            if !in_scope(actor, &p) {
                return Err(out_of_scope());
            }
            (p, true)
        }
        None => {
            if !fields_in_scope(actor, &person_fields(env, Some(actor), &n.person)?) {
                return Err(out_of_scope());
            }
            find_or_add_person(env, Some(actor), &n.person, n.confirmed, actor)?
        }
    };
    if !in_scope(actor, &person) {
        return Err(out_of_scope());
    }
    register(env, actor, &e, &person, RegistrationStatus::Registered, false)
        .map(|registration| Registered { registration, reused_person: reused })
}

fn register(
    env: &Env,
    actor: &Actor,
    e: &Event,
    p: &Person,
    wanted: RegistrationStatus,
    self_registered: bool,
) -> Result<Registration> {
    if env.store.registrations(e.id, &RegistrationFilter::default())?.iter().any(|r| r.person.id == p.id) {
        return Err(Error::Conflict(format!("{} sudah terdaftar di acara ini.", p.fields.full_name)));
    }
    let audit = AuditRecord::new(actor, AuditAction::Create, "registration", env.now())
        .region(Some(p.fields.region_code.clone()))
        .after(&serde_json::json!({"event_id": e.id, "person_id": p.id, "status": wanted.code()}));
    // A clash of codes is astronomically rare; try again rather than fail.
    for _ in 0..5 {
        match env.store.insert_registration(
            e.id,
            p.id,
            &new_registration_code(),
            wanted,
            self_registered,
            actor.user_id,
            env.now(),
            audit.clone(),
        ) {
            Err(Error::Duplicate(Unique::RegistrationCode)) => continue,
            Err(Error::Duplicate(Unique::Registration)) => {
                return Err(Error::Conflict("Orang ini sudah terdaftar di acara ini.".into()));
            }
            other => return other,
        }
    }
    Err(Error::unexpected("no free registration code"))
}

/// The public registration form's event: open for registration and not over yet.
pub fn open_event(env: &Env, registration_code: &str) -> Result<Event> {
    let e = env.store.event_by_registration_code(registration_code.trim())?.ok_or(Error::NotFound)?;
    if !e.fields.registration_open || env.today(e.fields.time_zone()) > e.fields.end_date {
        return Err(Error::Conflict("Pendaftaran acara ini sudah ditutup.".into()));
    }
    Ok(e)
}

/// Someone registers themselves through the public link; the organiser approves.
/// Registrations one client address may send through public links per hour (a village
/// office may register a few people from one phone; a script may not flood the list).
pub const PUBLIC_REGISTRATIONS_PER_HOUR: i64 = 30;

pub fn self_register(env: &Env, registration_code: &str, input: &PersonInput, client: &str) -> Result<Registered> {
    let e = open_event(env, registration_code)?;
    let key = format!("register:{client}");
    if env.store.failed_logins_since(&key, env.now() - 3600)? >= PUBLIC_REGISTRATIONS_PER_HOUR {
        return Err(Error::Throttled);
    }
    env.store.record_failed_login(&key, env.now())?;
    let public = Actor { name: "pendaftaran-publik".into(), user_id: None, ..Actor::operator() };
    let (person, reused) = find_or_add_person(env, None, input, true, &public)?;
    let registration = register(env, &public, &e, &person, RegistrationStatus::Pending, true)?;
    Ok(Registered { registration, reused_person: reused })
}

/// Moves a registration: the organiser approves, rejects or withdraws; whoever may nominate
/// the person may withdraw them. Freed seats go to the waiting list.
pub fn set_status(
    env: &Env,
    actor: &Actor,
    event_id: EventId,
    registration_id: i64,
    to: RegistrationStatus,
) -> Result<Registration> {
    let e = get(env, actor, event_id)?;
    let r = env.store.registration(registration_id)?.filter(|r| r.event_id == event_id).ok_or(Error::NotFound)?;
    let organiser = can_manage(actor, e.fields.organiser_region.as_ref());
    use RegistrationStatus::*;
    let allowed = match (r.status, to) {
        (Pending | Waitlisted | Rejected, Registered) | (Pending | Waitlisted, Rejected) => organiser,
        (Pending | Registered | Waitlisted, Withdrawn) => organiser || in_scope(actor, &r.person),
        _ => {
            return Err(Error::field(
                "status",
                "Perubahan status ini tidak berlaku.",
                "This status change is invalid.",
            ));
        }
    };
    actor.require(allowed)?;
    let audit = AuditRecord::new(actor, AuditAction::Update, "registration", env.now())
        .id(registration_id)
        .region(Some(r.person.fields.region_code.clone()))
        .before(&serde_json::json!({"status": r.status.code()}))
        .after(&serde_json::json!({"status": to.code()}));
    let updated =
        env.store.set_registration_status(registration_id, r.status, to, env.now(), audit).map_err(|e| match e {
            Error::Stale => Error::Conflict("Status pendaftaran sudah berubah; muat ulang halaman.".into()),
            other => other,
        })?;
    if r.status == Registered {
        promote(env, actor, &e)?;
    }
    Ok(updated)
}

fn promote(env: &Env, actor: &Actor, e: &Event) -> Result<()> {
    let audit = AuditRecord::new(actor, AuditAction::Update, "registration", env.now())
        .region(Some(e.fields.province_code.clone()))
        .after(&serde_json::json!({"status": RegistrationStatus::Registered.code(), "from_waiting_list": true}));
    env.store.promote_waitlisted(e.id, env.now(), audit).map(|_| ())
}

/// Pairs of people that are likely one person, within the actor's scope.
pub fn duplicates(env: &Env, actor: &Actor) -> Result<Vec<(Person, Person)>> {
    actor.require(actor.role.is_coordinator())?;
    let (mut region, mut library) = (None, None);
    actor.narrow(&mut region, &mut library)?;
    let mut pairs = env.store.duplicate_people(region.as_ref(), 200)?;
    // A pair is shown only when both people are the actor's to see and merge.
    pairs.retain(|(a, b)| in_scope(actor, a) && in_scope(actor, b));
    Ok(pairs)
}

/// Merges `merge` into `keep`: registrations move over, `merge` disappears from lists.
pub fn merge(env: &Env, actor: &Actor, keep: i64, merge: i64) -> Result<()> {
    actor.require(actor.role.is_coordinator())?;
    if keep == merge {
        return Err(Error::field("merge", "Pilih dua orang yang berbeda.", "Choose two different people."));
    }
    let (a, _) = person(env, actor, keep)?;
    let (b, _) = person(env, actor, merge)?;
    actor.require(in_scope(actor, &a) && in_scope(actor, &b))?;
    let audit = AuditRecord::new(actor, AuditAction::Update, "person", env.now())
        .id(merge)
        .region(Some(b.fields.region_code.clone()))
        .before(&b.fields)
        .after(&serde_json::json!({"merged_into": keep}));
    env.store.merge_people(keep, merge, env.now(), audit).map_err(|e| match e {
        Error::Stale => Error::Conflict("Orang ini sudah digabungkan.".into()),
        other => other,
    })
}

// ---------------------------------------------------------------------------------------
// Attendance

/// Organisers and the event's trainers record attendance.
fn may_mark(actor: &Actor, e: &Event) -> bool {
    can_manage(actor, e.fields.organiser_region.as_ref()) || is_trainer(actor, e)
}

pub fn attendance(env: &Env, actor: &Actor, event_id: EventId) -> Result<(Event, Vec<AttendanceMark>)> {
    let e = get(env, actor, event_id)?;
    actor.require(may_mark(actor, &e))?;
    let marks = env.store.attendance(event_id)?;
    Ok((e, marks))
}

fn require_day(e: &Event, day: time::Date) -> Result<()> {
    if day < e.fields.start_date || day > e.fields.end_date {
        return Err(Error::field("day", "Tanggal di luar hari acara.", "The date is not one of the event's days."));
    }
    Ok(())
}

/// The QR token for a day, shown on the organiser's screen.
pub fn checkin_token_for(env: &Env, actor: &Actor, event_id: EventId, day: time::Date) -> Result<String> {
    let e = get(env, actor, event_id)?;
    actor.require(may_mark(actor, &e))?;
    require_day(&e, day)?;
    Ok(checkin_token(e.id, &e.checkin_secret, day))
}

/// Marks present/absent by hand for one day (`(registration id, present)` pairs).
pub fn mark(env: &Env, actor: &Actor, event_id: EventId, day: time::Date, marks: &[(i64, bool)]) -> Result<usize> {
    let e = get(env, actor, event_id)?;
    actor.require(may_mark(actor, &e))?;
    require_day(&e, day)?;
    let regs = env.store.registrations(event_id, &RegistrationFilter::default())?;
    let marks: Vec<AttendanceMark> = marks
        .iter()
        .filter(|(id, _)| regs.iter().any(|r| r.id == *id && r.status == RegistrationStatus::Registered))
        .map(|(id, present)| AttendanceMark {
            registration_id: *id,
            day,
            present: *present,
            source: AttendanceSource::Manual,
            minutes: None,
        })
        .collect();
    let audit = AuditRecord::new(actor, AuditAction::Update, "attendance", env.now())
        .id(event_id)
        .region(Some(e.fields.province_code.clone()))
        .after(&serde_json::json!({"day": day.to_string(), "marks": marks.len()}));
    env.store.save_attendance(&marks, env.now(), audit)?;
    Ok(marks.len())
}

/// What a participant sees after checking in.
pub struct CheckIn {
    pub event: Event,
    pub name: String,
    pub day_number: usize,
}

/// A participant checks in with the day's QR token and their registration code. The token
/// must be today's (in the host province's time zone).
pub fn check_in(env: &Env, token: &str, code: &str, client: &str) -> Result<CheckIn> {
    let key = format!("checkin:{client}");
    let now = env.now();
    if env.store.failed_logins_since(&key, now - 15 * 60)? >= 20 {
        return Err(Error::Throttled);
    }
    let e = checkin_token_event(env, token)?;
    let day = env.today(e.fields.time_zone());
    let code = code.trim().to_ascii_uppercase();
    let reg = env.store.registration_by_code(e.id, &code)?.filter(|r| r.status == RegistrationStatus::Registered);
    let Some(reg) = reg else {
        env.store.record_failed_login(&key, now)?;
        return Err(Error::field(
            "code",
            "Kode pendaftaran tidak dikenal untuk acara ini. Periksa kembali, atau hubungi panitia.",
            "Unknown registration code for this event. Check it, or ask the organisers.",
        ));
    };
    let mark =
        AttendanceMark { registration_id: reg.id, day, present: true, source: AttendanceSource::Qr, minutes: None };
    let audit = AuditRecord::new(
        &Actor { name: "presensi-qr".into(), user_id: None, ..Actor::operator() },
        AuditAction::Update,
        "attendance",
        now,
    )
    .id(e.id)
    .region(Some(e.fields.province_code.clone()))
    .after(&serde_json::json!({"day": day.to_string(), "registration_id": reg.id, "source": "qr"}));
    env.store.save_attendance(&[mark], now, audit)?;
    let day_number = e.fields.days().iter().position(|d| *d == day).unwrap_or(0) + 1;
    Ok(CheckIn { name: reg.person.fields.full_name, event: e, day_number })
}

/// The event a check-in token belongs to, if the token is today's.
pub fn checkin_token_event(env: &Env, token: &str) -> Result<Event> {
    let e = checkin_event_id(token).and_then(|id| env.store.event(id).ok().flatten()).ok_or(Error::NotFound)?;
    let day = env.today(e.fields.time_zone());
    if token != checkin_token(e.id, &e.checkin_secret, day) {
        return Err(Error::field(
            "token",
            "Kode QR ini bukan untuk hari ini. Pindai kode yang tampil di layar panitia hari ini.",
            "This QR code is not today's. Scan the one on the organisers' screen today.",
        ));
    }
    Ok(e)
}

/// The result of reading a video-conference report for a day.
pub struct ConferenceImport {
    pub matched: ConferenceMatch,
    /// Registrations counted present (enough minutes).
    pub present: usize,
    /// Matched, but too short to count.
    pub too_short: usize,
    pub day_minutes: i64,
}

/// Reads a video-conference participants report for one day: matches people, and (when
/// `save`) records them present if they stayed long enough. `assigned` are the organiser's
/// manual matches of unmatched rows: `(registration id, minutes)`. A present mark from
/// another source (QR, by hand) is never turned into an absence.
pub fn import_conference(
    env: &Env,
    actor: &Actor,
    event_id: EventId,
    day: time::Date,
    rows: &[ConferenceRow],
    assigned: &[(i64, i64)],
    save: bool,
) -> Result<ConferenceImport> {
    let e = get(env, actor, event_id)?;
    actor.require(may_mark(actor, &e))?;
    require_day(&e, day)?;
    let regs: Vec<Registration> = env
        .store
        .registrations(event_id, &RegistrationFilter::default())?
        .into_iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .collect();
    let mut matched = match_conference(rows, &regs);
    for (id, minutes) in assigned {
        if !regs.iter().any(|r| r.id == *id) {
            return Err(Error::field(
                "assign",
                "Peserta pilihan tidak terdaftar.",
                "The chosen participant is not registered.",
            ));
        }
        match matched.minutes.iter_mut().find(|(r, _)| r == id) {
            Some((_, m)) => *m += minutes,
            None => matched.minutes.push((*id, *minutes)),
        }
    }
    let day_minutes = e.fields.day_minutes();
    let existing = env.store.attendance(event_id)?;
    let mut marks = Vec::new();
    let (mut present, mut too_short) = (0, 0);
    for (id, minutes) in &matched.minutes {
        let ok = present_online(*minutes, day_minutes, e.fields.online_min_share);
        if ok {
            present += 1
        } else {
            too_short += 1
        }
        let already = existing.iter().any(|m| m.registration_id == *id && m.day == day && m.present);
        if ok || !already {
            marks.push(AttendanceMark {
                registration_id: *id,
                day,
                present: ok,
                source: AttendanceSource::Zoom,
                minutes: Some(*minutes),
            });
        }
    }
    if save {
        let audit = AuditRecord::new(actor, AuditAction::Update, "attendance", env.now())
            .id(event_id)
            .region(Some(e.fields.province_code.clone()))
            .after(&serde_json::json!({"day": day.to_string(), "source": "zoom", "present": present, "too_short": too_short, "unmatched": matched.unmatched.len()}));
        env.store.save_attendance(&marks, env.now(), audit)?;
    }
    Ok(ConferenceImport { matched, present, too_short, day_minutes })
}
