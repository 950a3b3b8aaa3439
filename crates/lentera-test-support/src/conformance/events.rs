//! The event, registration and attendance ports: events with their trainers, quotas and
//! agenda; registrations within capacity and quotas with the waiting list; attendance marks.

use lentera_core::event::{
    AttendanceMark, AttendanceSource, Event, EventFields, EventFilter, EventMode, Gender, PersonFields, Quota,
    RegistrationFilter, RegistrationStatus, SessionFields, Trainer,
};
use lentera_core::ids::EventId;
use lentera_core::library::{Library, LibraryType, PageRequest};
use lentera_core::lists::ManagedList;
use lentera_core::region::RegionCode;
use lentera_core::store::{NewEvent, Store};
use lentera_core::{Error, Unique};
use time::macros::{date, time};

use super::{Fresh, NOW, audit, library};

pub fn event_fields(s: &dyn Store, name: &str, capacity: Option<i64>) -> EventFields {
    EventFields {
        name: name.into(),
        type_id: s.list_items(ManagedList::EventType, false).unwrap()[0].id,
        year: 2026,
        batch: Some(1),
        province_code: RegionCode::parse("35").unwrap(),
        organiser_region: Some(RegionCode::parse("35").unwrap()),
        mode: EventMode::InPerson,
        venue: Some("Aula Dinas".into()),
        meeting_link: None,
        start_date: date!(2026 - 03 - 16),
        end_date: date!(2026 - 03 - 17),
        daily_start: time!(08:00),
        daily_end: time!(16:00),
        lesson_hours: 16,
        capacity,
        attendance_threshold: 80,
        online_min_share: 75,
        signatory_name: None,
        signatory_title: None,
        description: None,
        registration_open: true,
    }
}

pub fn new_event(s: &dyn Store, name: &str, code: &str, capacity: Option<i64>, quotas: Vec<Quota>) -> Event {
    let new = NewEvent {
        fields: event_fields(s, name, capacity),
        trainers: vec![Trainer { user_id: None, name: "Ibu Pelatih".into() }],
        quotas,
        registration_code: code.into(),
        checkin_secret: "rahasia".into(),
    };
    s.insert_event(&new, NOW, audit("event")).unwrap()
}

pub fn person_at(s: &dyn Store, name: &str, lib: &Library, phone: &str) -> lentera_core::event::Person {
    let fields = PersonFields {
        full_name: name.into(),
        gender: Gender::Female,
        position: Some("Pengelola".into()),
        library_id: Some(lib.id),
        institution: None,
        region_code: lib.region_code.clone(),
        phone: Some(phone.into()),
        email: None,
    };
    s.insert_person(&fields, NOW, audit("person").after(&fields)).unwrap()
}

pub fn check(f: &Fresh) {
    let s = f.store();
    // Events: stored with trainers and quotas, found by id and public code, listed by filters.
    let e = new_event(s, "Bimtek SPP-TIK Jawa Timur", "JATIM1", Some(2), vec![]);
    assert_eq!((e.version, e.trainers.len(), e.registered), (1, 1, 0));
    assert_eq!(s.event(e.id).unwrap().unwrap().fields, e.fields);
    assert!(s.event(EventId::new(e.id.get() + 100)).unwrap().is_none());
    assert_eq!(s.event_by_registration_code("JATIM1").unwrap().unwrap().id, e.id);
    assert!(s.event_by_registration_code("NOPE").unwrap().is_none());
    let other = new_event(s, "Sosialisasi Lombok", "NTB1", None, vec![]);
    let list = |f: EventFilter| s.list_events(&f, PageRequest::new(None, None)).unwrap();
    assert_eq!(list(EventFilter::default()).total, 2);
    assert_eq!(list(EventFilter { query: Some("lombok".into()), ..Default::default() }).items[0].id, other.id);
    assert_eq!(list(EventFilter { year: Some(2025), ..Default::default() }).total, 0);
    assert_eq!(
        list(EventFilter { overlapping: Some((date!(2026 - 03 - 17), date!(2026 - 03 - 20))), ..Default::default() })
            .total,
        2
    );
    assert!(matches!(
        s.insert_event(
            &NewEvent {
                fields: event_fields(s, "Kembar", None),
                trainers: vec![],
                quotas: vec![],
                registration_code: "JATIM1".into(),
                checkin_secret: "x".into()
            },
            NOW,
            audit("event")
        ),
        Err(Error::Duplicate(Unique::RegistrationCode))
    ));

    // Updates need the version they were read at.
    let mut changed = e.fields.clone();
    changed.venue = Some("Hotel".into());
    assert!(matches!(s.update_event(e.id, 5, &changed, &[], NOW, audit("event")), Err(Error::Stale)));
    let e = s.update_event(e.id, e.version, &changed, &[], NOW, audit("event")).unwrap();
    assert_eq!((e.version, e.fields.venue.as_deref(), e.trainers.len()), (2, Some("Hotel"), 0));

    // Quotas and the agenda.
    s.save_quotas(e.id, &[Quota { library_type: LibraryType::Village, per_institution: 1 }], audit("event")).unwrap();
    assert_eq!(s.event(e.id).unwrap().unwrap().quotas.len(), 1);
    let session = SessionFields {
        day: date!(2026 - 03 - 16),
        start_time: time!(08:00),
        end_time: time!(10:00),
        title: "Pembukaan".into(),
        module_id: Some(s.list_items(ManagedList::Module, false).unwrap()[0].id),
        trainer: None,
    };
    let added = s.insert_agenda_session(e.id, &session, audit("event_session")).unwrap();
    assert_eq!(s.agenda(e.id).unwrap()[0].title, "Pembukaan");
    assert!(matches!(s.delete_agenda_session(other.id, added.id, audit("event_session")), Err(Error::NotFound)));
    s.delete_agenda_session(e.id, added.id, audit("event_session")).unwrap();
    assert!(s.agenda(e.id).unwrap().is_empty());

    // Registrations: a seat while the capacity (2) and the village quota (1 per library)
    // allow, the waiting list otherwise; codes unique within the event; one per person.
    let maju = library(s, "Perpustakaan Desa Maju", "35.07.12.2001", Some(2024));
    let jaya = library(s, "Perpustakaan Desa Jaya", "35.07.12.2002", Some(2024));
    let pelita = library(s, "Perpustakaan Desa Pelita", "35.07.12.2003", Some(2024));
    let (ani, ana, sri, tini) = (
        person_at(s, "Ani", &maju, "081100000001"),
        person_at(s, "Ana", &maju, "081100000002"),
        person_at(s, "Sri", &jaya, "081100000003"),
        person_at(s, "Tini", &pelita, "081100000004"),
    );
    let register = |p: &lentera_core::event::Person, code: &str| {
        s.insert_registration(e.id, p.id, code, RegistrationStatus::Registered, false, None, NOW, audit("registration"))
    };
    let r_ani = register(&ani, "A1").unwrap();
    assert_eq!(r_ani.status, RegistrationStatus::Registered);
    assert_eq!(register(&ana, "A2").unwrap().status, RegistrationStatus::Waitlisted, "Maju's one seat is taken");
    let r_sri = register(&sri, "A3").unwrap();
    assert_eq!(r_sri.status, RegistrationStatus::Registered);
    let r_tini = register(&tini, "A4").unwrap();
    assert_eq!(r_tini.status, RegistrationStatus::Waitlisted, "the capacity (2) is reached");
    assert!(matches!(register(&tini, "A5"), Err(Error::Duplicate(Unique::Registration))));
    assert!(matches!(
        register(&person_at(s, "Baru", &jaya, "081100000009"), "A1"),
        Err(Error::Duplicate(Unique::RegistrationCode))
    ));
    assert_eq!(s.event(e.id).unwrap().unwrap().registered, 2);
    assert!(matches!(s.delete_event(e.id, audit("event")), Err(Error::InUse)), "people are registered");
    s.delete_event(other.id, audit("event")).unwrap();
    assert!(s.event(other.id).unwrap().is_none());

    assert_eq!(s.registration(r_ani.id).unwrap().unwrap().person.fields.full_name, "Ani");
    assert_eq!(s.registration_by_code(e.id, "A3").unwrap().unwrap().id, r_sri.id);
    assert!(s.registration_by_code(e.id, "ZZ").unwrap().is_none());
    let regs = |f: RegistrationFilter| s.registrations(e.id, &f).unwrap();
    assert_eq!(regs(RegistrationFilter::default()).len(), 4);
    assert_eq!(
        regs(RegistrationFilter { status: Some(RegistrationStatus::Waitlisted), ..Default::default() }).len(),
        2
    );
    assert_eq!(regs(RegistrationFilter { library_id: Some(maju.id), ..Default::default() }).len(), 2);
    assert_eq!(regs(RegistrationFilter { query: Some("sri".into()), ..Default::default() }).len(), 1);

    // Status changes from the status they were decided from; a freed seat moves the
    // waiting list up, longest waiting first, within the quota.
    assert!(matches!(
        s.set_registration_status(
            r_sri.id,
            RegistrationStatus::Pending,
            RegistrationStatus::Withdrawn,
            NOW,
            audit("registration")
        ),
        Err(Error::Stale)
    ));
    s.set_registration_status(
        r_sri.id,
        RegistrationStatus::Registered,
        RegistrationStatus::Withdrawn,
        NOW,
        audit("registration"),
    )
    .unwrap();
    let moved = s.promote_waitlisted(e.id, NOW, audit("registration")).unwrap();
    assert_eq!(moved.iter().map(|r| r.person.id).collect::<Vec<_>>(), [tini.id], "Ana stays: Maju's quota is full");
    let again = s
        .set_registration_status(
            r_sri.id,
            RegistrationStatus::Withdrawn,
            RegistrationStatus::Registered,
            NOW,
            audit("registration"),
        )
        .unwrap();
    assert_eq!(again.status, RegistrationStatus::Waitlisted, "no seat: back on the waiting list");

    // Attendance: one mark per person and day, replaced when marked again.
    let mark = |rid: i64, present: bool| AttendanceMark {
        registration_id: rid,
        day: date!(2026 - 03 - 16),
        present,
        source: AttendanceSource::Manual,
        minutes: None,
    };
    s.save_attendance(&[mark(r_ani.id, false), mark(r_tini.id, true)], NOW, audit("attendance")).unwrap();
    s.save_attendance(&[mark(r_ani.id, true)], NOW, audit("attendance")).unwrap();
    let marks = s.attendance(e.id).unwrap();
    assert_eq!(marks.len(), 2);
    assert!(marks.iter().all(|m| m.present));
    assert_eq!(s.registration(r_ani.id).unwrap().unwrap().days_present, 1);
}
