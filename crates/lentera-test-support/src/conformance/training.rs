//! The training port: the question bank, an event's tests and attempts, evaluations,
//! certificates and the libraries' follow-up plans.

use lentera_core::event::RegistrationStatus;
use lentera_core::lists::ManagedList;
use lentera_core::training::{EvaluationFields, EventTest, QuestionFields, TestKind};
use lentera_core::{Error, Unique};
use time::macros::date;

use super::events::{new_event, person_at};
use super::{Fresh, NOW, audit, library};

pub fn check(f: &Fresh) {
    let s = f.store();
    // The question bank: by module, retired ones left out unless asked for.
    let module = s.list_items(ManagedList::Module, false).unwrap()[0].id;
    let q = |text: &str| QuestionFields {
        module_id: module,
        text: text.into(),
        options: vec!["Ya".into(), "Tidak".into()],
        correct: 0,
        explanation: None,
    };
    let q1 = s.save_question(None, &q("Apakah perpustakaan pusat belajar?"), false, NOW, audit("question")).unwrap();
    let q2 = s.save_question(None, &q("Apakah TIK penting?"), false, NOW, audit("question")).unwrap();
    assert_eq!(s.questions(Some(module), false).unwrap().len(), 2);
    s.save_question(Some(q2.id), &q("Apakah TIK penting sekali?"), true, NOW, audit("question")).unwrap();
    assert_eq!(s.questions(Some(module), false).unwrap().len(), 1, "retired");
    assert_eq!(s.questions(None, true).unwrap().len(), 2);
    let by_id = s.questions_by_id(&[q2.id, q1.id]).unwrap();
    assert_eq!(by_id.len(), 2);
    assert!(by_id.iter().any(|x| x.fields.text == "Apakah TIK penting sekali?" && x.retired));

    // An event's test and a participant's attempt, answered once.
    let lib = library(s, "Perpustakaan Desa Maju", "35.07.12.2001", Some(2024));
    let e = new_event(s, "Bimtek", "TRAIN1", None, vec![]);
    let p = person_at(s, "Ani", &lib, "081100000001");
    let r = s
        .insert_registration(e.id, p.id, "K1", RegistrationStatus::Registered, false, None, NOW, audit("registration"))
        .unwrap();
    let test = EventTest {
        event_id: e.id,
        kind: TestKind::Pre,
        question_ids: vec![q1.id, q2.id],
        time_limit_minutes: Some(15),
        open: true,
    };
    s.save_event_test(&test, audit("event_test")).unwrap();
    assert_eq!(s.event_test(e.id, TestKind::Pre).unwrap().unwrap().question_ids, vec![q1.id, q2.id]);
    assert!(s.event_test(e.id, TestKind::Post).unwrap().is_none());
    let a = s.start_attempt(e.id, TestKind::Pre, r.id, NOW).unwrap();
    assert_eq!(s.start_attempt(e.id, TestKind::Pre, r.id, NOW + 60).unwrap().id, a.id, "one attempt, started once");
    let done = s.submit_attempt(a.id, &[Some(0), None], (1, 2), NOW + 120, audit("test_attempt")).unwrap();
    assert_eq!((done.score, done.total, done.submitted_at), (Some(1), Some(2), Some(NOW + 120)));
    assert!(matches!(
        s.submit_attempt(a.id, &[Some(0), Some(0)], (2, 2), NOW, audit("test_attempt")),
        Err(Error::Stale)
    ));
    assert_eq!(s.attempts(e.id).unwrap()[0].answers, vec![Some(0), None]);

    // One evaluation per participant.
    let ev = EvaluationFields { content: 5, trainers: 4, organisation: 3, comments: Some("Bagus".into()) };
    s.insert_evaluation(e.id, r.id, &ev, NOW, audit("evaluation")).unwrap();
    assert!(matches!(
        s.insert_evaluation(e.id, r.id, &ev, NOW, audit("evaluation")),
        Err(Error::Duplicate(Unique::Evaluation))
    ));
    assert_eq!(s.evaluations(e.id).unwrap()[0].fields, ev);

    // Certificates: issued once per registration, found by number, revoked once.
    assert_eq!(s.issue_certificates(&[(r.id, "2026/1/1/ABC".into())], NOW, audit("certificate")).unwrap(), 1);
    assert_eq!(s.issue_certificates(&[(r.id, "2026/1/1/XYZ".into())], NOW, audit("certificate")).unwrap(), 0, "kept");
    let cert = s.certificate_by_number("2026/1/1/ABC").unwrap().unwrap();
    assert_eq!((cert.event_id, cert.person_name.as_str()), (e.id, "Ani"));
    assert!(s.certificate_by_number("2026/1/1/XYZ").unwrap().is_none());
    assert_eq!(s.certificates(e.id).unwrap().len(), 1);
    s.revoke_certificate(cert.certificate.id, "Salah nama", NOW, audit("certificate")).unwrap();
    assert!(matches!(s.revoke_certificate(cert.certificate.id, "lagi", NOW, audit("certificate")), Err(Error::Stale)));
    assert_eq!(s.certificates(e.id).unwrap()[0].certificate.revoked_reason.as_deref(), Some("Salah nama"));

    // Follow-up plans: one per library and event, replaced when saved again.
    s.save_follow_up(e.id, lib.id, "Kelas komputer", Some(date!(2026 - 06 - 30)), NOW, audit("follow_up_plan"))
        .unwrap();
    s.save_follow_up(e.id, lib.id, "Kelas komputer untuk ibu-ibu", None, NOW + 1, audit("follow_up_plan")).unwrap();
    let plans = s.follow_ups_of_event(e.id).unwrap();
    assert_eq!((plans.len(), plans[0].plan.as_str(), plans[0].target_date), (1, "Kelas komputer untuk ibu-ibu", None));
    assert_eq!(s.follow_ups_of_library(lib.id).unwrap()[0].event_name, "Bimtek");
}
