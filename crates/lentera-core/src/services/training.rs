//! Tests, evaluations, certificates and follow-up plans of events.
//!
//! Organisers (and the event's trainers, for reading results) work signed in. Participants
//! have no account: they prove who they are with their registration code, as at check-in,
//! and failed codes are throttled per client.

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::event::{Event, Registration, RegistrationFilter, RegistrationStatus, meets_threshold};
use crate::ids::EventId;
use crate::ids::LibraryId;
use crate::lists::ManagedList;
use crate::services::Env;
use crate::services::{events, libraries, lists};
use crate::training::CertificateRecord;
use crate::training::{
    Attempt, EvaluationFields, EvaluationSummary, EventTest, FollowUpPlan, GRACE_MINUTES, GainReport, Question,
    QuestionFields, TestKind, Verification, certificate_number, gain, parse_plan, require_open, score, summarise,
};
use crate::user::Role;
use crate::{Error, Result, Unique};

/// Who writes the question bank: coordinators and trainers.
fn edits_bank(actor: &Actor) -> bool {
    actor.role.is_coordinator() || actor.role == Role::Trainer
}

pub fn questions(env: &Env, actor: &Actor, module_id: Option<i64>) -> Result<Vec<Question>> {
    actor.require(edits_bank(actor))?;
    env.store.questions(module_id, true)
}

pub fn save_question(
    env: &Env,
    actor: &Actor,
    id: Option<i64>,
    fields: &QuestionFields,
    retired: bool,
) -> Result<Question> {
    actor.require(edits_bank(actor))?;
    lists::require_current(env, ManagedList::Module, fields.module_id, "module_id")?;
    let action = if id.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut audit = AuditRecord::new(actor, action, "question", env.now()).after(fields);
    if let Some(id) = id {
        audit = audit.id(id);
    }
    env.store.save_question(id, fields, retired, env.now(), audit)
}

/// Retires a question (it leaves new tests; past attempts keep it) or brings it back.
pub fn set_retired(env: &Env, actor: &Actor, id: i64, retired: bool) -> Result<Question> {
    let q = env.store.questions_by_id(&[id])?.pop().ok_or(Error::NotFound)?;
    save_question(env, actor, Some(id), &q.fields, retired)
}

/// Sets up an event's pre- or post-test from the bank.
pub fn set_test(
    env: &Env,
    actor: &Actor,
    event_id: EventId,
    kind: TestKind,
    question_ids: &[i64],
    time_limit_minutes: Option<i64>,
    open: bool,
) -> Result<EventTest> {
    let e = events::get_managed(env, actor, event_id)?;
    let found = env.store.questions_by_id(question_ids)?;
    if found.len() != question_ids.len() || found.iter().any(|q| q.retired) {
        return Err(Error::field(
            "question_ids",
            "Ada soal yang tidak dikenal atau sudah dihentikan.",
            "Some questions are unknown or retired.",
        ));
    }
    if open && question_ids.is_empty() {
        return Err(Error::field(
            "question_ids",
            "Pilih soal sebelum membuka tes.",
            "Choose questions before opening the test.",
        ));
    }
    if let Some(m) = time_limit_minutes
        && !(1..=240).contains(&m)
    {
        return Err(Error::field("time_limit_minutes", "Batas waktu 1–240 menit.", "Time limit 1–240 minutes."));
    }
    let test = EventTest { event_id, kind, question_ids: question_ids.to_vec(), time_limit_minutes, open };
    let audit = AuditRecord::new(actor, AuditAction::Update, "event_test", env.now())
        .id(event_id)
        .region(Some(e.fields.province_code.clone()))
        .after(&test);
    env.store.save_event_test(&test, audit)?;
    Ok(test)
}

pub fn test(env: &Env, actor: &Actor, event_id: EventId, kind: TestKind) -> Result<(EventTest, Vec<Question>)> {
    events::get_managed(env, actor, event_id)?;
    let t = env.store.event_test(event_id, kind)?.unwrap_or(EventTest {
        event_id,
        kind,
        question_ids: Vec::new(),
        time_limit_minutes: None,
        open: false,
    });
    let qs = env.store.questions_by_id(&t.question_ids)?;
    Ok((t, qs))
}

/// An event's results for its organisers and trainers.
pub struct Results {
    pub event: Event,
    pub registrations: Vec<Registration>,
    pub gain: GainReport,
    pub evaluation: EvaluationSummary,
    pub comments: Vec<String>,
    pub attempts: Vec<Attempt>,
}

pub fn results(env: &Env, actor: &Actor, event_id: EventId) -> Result<Results> {
    let (event, _) = events::attendance(env, actor, event_id)?;
    let tests: Vec<EventTest> = [TestKind::Pre, TestKind::Post]
        .into_iter()
        .filter_map(|k| env.store.event_test(event_id, k).transpose())
        .collect::<Result<_>>()?;
    let ids: Vec<i64> = tests.iter().flat_map(|t| t.question_ids.iter().copied()).collect();
    let questions = env.store.questions_by_id(&ids)?;
    let attempts = env.store.attempts(event_id)?;
    let evals = env.store.evaluations(event_id)?;
    let registrations = events::registrations(env, actor, event_id, RegistrationFilter::default())?;
    Ok(Results {
        gain: gain(&attempts, &tests, &questions),
        evaluation: summarise(&evals),
        comments: evals.iter().filter_map(|e| e.fields.comments.clone()).collect(),
        attempts,
        registrations,
        event,
    })
}

// ---------------------------------------------------------------------------------------
// The participant, by registration code

/// The participant behind a registration code for this event (registered ones only).
pub fn participant(env: &Env, event_id: EventId, code: &str, client: &str) -> Result<(Event, Registration)> {
    let key = format!("participant:{client}");
    let now = env.now();
    if env.store.failed_logins_since(&key, now - 15 * 60)? >= 20 {
        return Err(Error::Throttled);
    }
    let e = env.store.event(event_id)?.ok_or(Error::NotFound)?;
    let code = code.trim().to_ascii_uppercase();
    match env.store.registration_by_code(event_id, &code)? {
        Some(r) if r.status == RegistrationStatus::Registered => Ok((e, r)),
        _ => {
            env.store.record_failed_login(&key, now)?;
            Err(Error::field(
                "code",
                "Kode pendaftaran tidak dikenal atau pendaftaran belum disetujui.",
                "Unknown registration code, or the registration is not approved yet.",
            ))
        }
    }
}

fn participant_actor() -> Actor {
    Actor { name: "peserta".into(), user_id: None, ..Actor::operator() }
}

/// What a participant sees of their own event.
pub struct Portal {
    pub event: Event,
    pub registration: Registration,
    pub tests: Vec<(TestKind, bool, Option<Attempt>)>,
    pub evaluated: bool,
    /// Whether the evaluation is offered yet (from the event's last day).
    pub evaluation_open: bool,
    pub certificate: Option<CertificateRecord>,
    pub follow_up: Option<FollowUpPlan>,
}

/// The event a participant's portal belongs to, for its sign-in page (public: the page shows
/// only its name).
pub fn portal_event(env: &Env, event_id: EventId) -> Result<crate::event::Event> {
    env.store.event(event_id)?.ok_or(Error::NotFound)
}

pub fn portal(env: &Env, event_id: EventId, code: &str, client: &str) -> Result<Portal> {
    let (event, registration) = participant(env, event_id, code, client)?;
    let attempts = env.store.attempts(event_id)?;
    let tests = [TestKind::Pre, TestKind::Post]
        .into_iter()
        .map(|k| {
            let open = env.store.event_test(event_id, k)?.is_some_and(|t| t.open && !t.question_ids.is_empty());
            let mine = attempts.iter().find(|a| a.kind == k && a.registration_id == registration.id).cloned();
            Ok((k, open, mine))
        })
        .collect::<Result<Vec<_>>>()?;
    let evaluated = env.store.evaluations(event_id)?.iter().any(|e| e.registration_id == registration.id);
    let evaluation_open = event.fields.evaluation_open(env.today(event.fields.time_zone()));
    let certificate = env
        .store
        .certificates(event_id)?
        .into_iter()
        .find(|c| c.certificate.registration_id == registration.id && c.certificate.revoked_at.is_none());
    let follow_up = match registration.person.fields.library_id {
        Some(lib) => env.store.follow_ups_of_event(event_id)?.into_iter().find(|f| f.library_id == lib),
        None => None,
    };
    Ok(Portal { event, registration, tests, evaluated, evaluation_open, certificate, follow_up })
}

/// Starts (or resumes) the participant's test: the questions without answers, and when the
/// time runs out (unix seconds), if limited.
pub fn start_test(
    env: &Env,
    event_id: EventId,
    code: &str,
    kind: TestKind,
    client: &str,
) -> Result<(Vec<Question>, Attempt, Option<i64>)> {
    let (_, reg) = participant(env, event_id, code, client)?;
    let t = env.store.event_test(event_id, kind)?;
    let t = require_open(t.as_ref())?;
    let attempt = env.store.start_attempt(event_id, kind, reg.id, env.now())?;
    if attempt.submitted_at.is_some() {
        return Err(Error::Conflict("Anda sudah mengerjakan tes ini.".into()));
    }
    let ends = t.time_limit_minutes.map(|m| attempt.started_at + m * 60);
    let mut questions = env.store.questions_by_id(&t.question_ids)?;
    // The participant's page never carries the answers.
    for q in &mut questions {
        q.fields.correct = usize::MAX;
        q.fields.explanation = None;
    }
    Ok((questions, attempt, ends))
}

/// Scores the participant's answers (option index per question, in order).
pub fn submit_test(
    env: &Env,
    event_id: EventId,
    code: &str,
    kind: TestKind,
    answers: &[Option<usize>],
    client: &str,
) -> Result<Attempt> {
    submit_test_at(env, event_id, code, kind, answers, client, env.now())
}

/// [`submit_test`] at a given time (the time limit is checked against `now`).
pub fn submit_test_at(
    env: &Env,
    event_id: EventId,
    code: &str,
    kind: TestKind,
    answers: &[Option<usize>],
    client: &str,
    now: i64,
) -> Result<Attempt> {
    let (e, reg) = participant(env, event_id, code, client)?;
    let t = env.store.event_test(event_id, kind)?;
    let t = require_open(t.as_ref())?;
    let attempt = env.store.start_attempt(event_id, kind, reg.id, now)?;
    if let Some(limit) = t.time_limit_minutes
        && now > attempt.started_at + (limit + GRACE_MINUTES) * 60
    {
        return Err(Error::Conflict("Waktu tes sudah habis.".into()));
    }
    let questions = env.store.questions_by_id(&t.question_ids)?;
    let answers: Vec<Option<usize>> = (0..questions.len())
        .map(|i| answers.get(i).copied().flatten().filter(|a| *a < questions[i].fields.options.len()))
        .collect();
    let result = score(&questions, &answers);
    let audit = AuditRecord::new(&participant_actor(), AuditAction::Update, "test_attempt", env.now())
        .region(Some(e.fields.province_code.clone()))
        .after(
            &serde_json::json!({"registration_id": reg.id, "kind": kind.code(), "score": result.0, "total": result.1}),
        );
    env.store.submit_attempt(attempt.id, &answers, result, env.now(), audit).map_err(|e| match e {
        Error::Stale => Error::Conflict("Jawaban tes ini sudah dikirim.".into()),
        other => other,
    })
}

pub fn evaluate(env: &Env, event_id: EventId, code: &str, fields: &EvaluationFields, client: &str) -> Result<()> {
    let (e, reg) = participant(env, event_id, code, client)?;
    if !e.fields.evaluation_open(env.today(e.fields.time_zone())) {
        return Err(Error::Conflict(format!(
            "Evaluasi dibuka pada hari terakhir acara ({}).",
            crate::time_fmt::calendar_date(e.fields.end_date, crate::i18n::Lang::Id)
        )));
    }
    let audit = AuditRecord::new(&participant_actor(), AuditAction::Create, "evaluation", env.now())
        .region(Some(e.fields.province_code.clone()));
    env.store.insert_evaluation(event_id, reg.id, fields, env.now(), audit).map_err(|e| match e {
        Error::Duplicate(Unique::Evaluation) => Error::Conflict("Evaluasi Anda sudah terkirim. Terima kasih.".into()),
        other => other,
    })
}

/// The participant writes their library's follow-up plan.
pub fn participant_follow_up(
    env: &Env,
    event_id: EventId,
    code: &str,
    plan: &str,
    target_date: Option<&str>,
    client: &str,
) -> Result<()> {
    let (e, reg) = participant(env, event_id, code, client)?;
    let Some(library_id) = reg.person.fields.library_id else {
        return Err(Error::field(
            "plan",
            "Rencana tindak lanjut diisi oleh peserta dari perpustakaan.",
            "Follow-up plans come from participants of a library.",
        ));
    };
    let (plan, date) = parse_plan(plan, target_date)?;
    let audit = AuditRecord::new(&participant_actor(), AuditAction::Update, "follow_up_plan", env.now())
        .region(Some(e.fields.province_code.clone()))
        .after(&serde_json::json!({"library_id": library_id, "plan": plan}));
    env.store.save_follow_up(event_id, library_id, &plan, date, env.now(), audit)
}

pub fn follow_ups_of_event(env: &Env, actor: &Actor, event_id: EventId) -> Result<Vec<FollowUpPlan>> {
    events::get(env, actor, event_id)?;
    env.store.follow_ups_of_event(event_id)
}

pub fn follow_ups_of_library(env: &Env, actor: &Actor, library_id: LibraryId) -> Result<Vec<FollowUpPlan>> {
    libraries::get(env, actor, library_id)?;
    env.store.follow_ups_of_library(library_id)
}

// ---------------------------------------------------------------------------------------
// Certificates

/// Registered participants who attended enough days.
pub fn eligible(e: &Event, regs: &[Registration]) -> Vec<i64> {
    let days = e.fields.days().len() as i64;
    regs.iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .filter(|r| meets_threshold(r.days_present, days, e.fields.attendance_threshold))
        .map(|r| r.id)
        .collect()
}

/// Issues certificates to every eligible participant without one; returns how many.
pub fn issue(env: &Env, actor: &Actor, event_id: EventId) -> Result<usize> {
    let e = events::get_managed(env, actor, event_id)?;
    let regs = env.store.registrations(event_id, &RegistrationFilter::default())?;
    let pairs: Vec<(i64, String)> =
        eligible(&e, &regs).into_iter().map(|rid| (rid, certificate_number(e.fields.year, e.id, rid))).collect();
    let audit = AuditRecord::new(actor, AuditAction::Create, "certificate", env.now())
        .id(event_id)
        .region(Some(e.fields.province_code.clone()))
        .after(&serde_json::json!({"eligible": pairs.len()}));
    env.store.issue_certificates(&pairs, env.now(), audit)
}

pub fn certificates(env: &Env, actor: &Actor, event_id: EventId) -> Result<(Event, Vec<CertificateRecord>)> {
    let e = events::get_managed(env, actor, event_id)?;
    Ok((e, env.store.certificates(event_id)?))
}

pub fn revoke(env: &Env, actor: &Actor, event_id: EventId, certificate_id: i64, reason: &str) -> Result<()> {
    let (e, certs) = certificates(env, actor, event_id)?;
    let c = certs.iter().find(|c| c.certificate.id == certificate_id).ok_or(Error::NotFound)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(Error::field(
            "reason",
            "Alasan pencabutan wajib diisi (maks. 500).",
            "A reason is required (max 500).",
        ));
    }
    let audit = AuditRecord::new(actor, AuditAction::Update, "certificate", env.now())
        .id(certificate_id)
        .region(Some(e.fields.province_code.clone()))
        .before(&c.certificate)
        .after(&serde_json::json!({"revoked_reason": reason}));
    env.store.revoke_certificate(certificate_id, reason, env.now(), audit).map_err(|e| match e {
        Error::Stale => Error::Conflict("Sertifikat ini sudah dicabut.".into()),
        other => other,
    })
}

/// The public check of a certificate number: name and event only.
pub fn verify(env: &Env, number: &str) -> Result<Verification> {
    let c = env.store.certificate_by_number(number.trim())?.ok_or(Error::NotFound)?;
    let e = env.store.event(c.event_id)?.ok_or(Error::NotFound)?;
    Ok(Verification {
        number: c.certificate.number,
        person_name: c.person_name,
        event_name: e.fields.name,
        revoked: c.certificate.revoked_at.is_some(),
    })
}
