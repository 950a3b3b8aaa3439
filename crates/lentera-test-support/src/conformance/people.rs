//! The people port: participants reused across events, likely duplicates and merging, the
//! training history, and the duties of UU 27/2022 (access logged, anonymising).

use lentera_core::access::Actor;
use lentera_core::audit::{AuditAction, AuditFilter, AuditRecord};
use lentera_core::event::{PersonFields, RegistrationStatus};
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::{Error, text::fold};

use super::events::{new_event, person_at};
use super::{Fresh, NOW, audit, library};

pub fn check(f: &Fresh) {
    let s = f.store();
    let maju = library(s, "Perpustakaan Desa Maju", "35.07.12.2001", Some(2024));
    let lombok = library(s, "Perpustakaan Desa Jauh", "52.01.01.2002", Some(2024));
    let ani = person_at(s, "Ani Lestari", &maju, "0811-1111-111");
    let twin = person_at(s, "Ani Lestary", &maju, "0811-1111-111");
    let far = person_at(s, "Budi", &lombok, "0822-2222-222");
    assert_eq!(s.person(ani.id).unwrap().unwrap().library_name.as_deref(), Some("Perpustakaan Desa Maju"));
    assert!(s.person(999_999).unwrap().is_none());

    // Likely the same person: the same phone or email, or the same name at the library.
    let like = s.people_like(Some("628111111111"), None, "zzz", None).unwrap();
    assert_eq!(like.len(), 2, "by normalised phone");
    assert_eq!(s.people_like(None, None, &fold("Budi"), Some(lombok.id)).unwrap()[0].id, far.id);
    assert!(s.people_like(None, Some("x@y.id"), "nobody", None).unwrap().is_empty());
    let pairs = s.duplicate_people(Some(&RegionCode::parse("35").unwrap()), 10).unwrap();
    assert_eq!(pairs.len(), 1);
    assert!(s.duplicate_people(Some(&RegionCode::parse("52").unwrap()), 10).unwrap().is_empty());

    // Lists by region, library and text.
    let page = PageRequest::new(None, None);
    assert_eq!(s.list_people(None, None, None, page).unwrap().total, 3);
    assert_eq!(s.list_people(Some(&RegionCode::parse("52").unwrap()), None, None, page).unwrap().total, 1);
    assert_eq!(s.list_people(None, Some(maju.id), Some("lestary"), page).unwrap().items[0].id, twin.id);

    let fields = PersonFields { position: Some("Kepala".into()), ..ani.fields.clone() };
    assert_eq!(
        s.update_person(ani.id, &fields, NOW, audit("person")).unwrap().fields.position.as_deref(),
        Some("Kepala")
    );

    // Merging moves registrations to the person kept, once.
    let e = new_event(s, "Bimtek", "MERGE1", None, vec![]);
    s.insert_registration(e.id, twin.id, "T1", RegistrationStatus::Registered, false, None, NOW, audit("registration"))
        .unwrap();
    s.merge_people(ani.id, twin.id, NOW, audit("person")).unwrap();
    assert!(matches!(s.merge_people(ani.id, twin.id, NOW, audit("person")), Err(Error::Stale)), "merged already");
    let history = s.training_history(ani.id).unwrap();
    assert_eq!((history.len(), history[0].event_id, history[0].status), (1, e.id, RegistrationStatus::Registered));
    assert!(s.training_history(twin.id).unwrap().is_empty());
    assert!(s.duplicate_people(None, 10).unwrap().is_empty(), "merged people are no duplicates");
    assert_eq!(s.list_people(None, None, None, page).unwrap().total, 2, "merged people leave the lists");

    // Opening a record is logged; anonymising drops name, contacts and the personal data in
    // the person's audit entries, and keeps the registrations.
    let opened = AuditRecord::new(&Actor::operator(), AuditAction::View, "person", NOW).id(ani.id);
    s.record_access(opened).unwrap();
    let entries = |id: i64| {
        s.list_audit(&AuditFilter { entity: Some("person".into()), entity_id: Some(id), ..Default::default() }, page)
            .unwrap()
            .items
    };
    assert!(entries(ani.id).iter().any(|e| e.action == AuditAction::View));
    assert!(entries(ani.id).iter().any(|e| e.after.as_ref().is_some_and(|a| a.to_string().contains("Ani Lestari"))));
    let named = |q: &str| s.list_people(None, None, Some(q), page).unwrap().total;
    assert_eq!((named("lestari"), named("ni les"), named("an")), (1, 1, 1), "any part of the name, short too");
    s.anonymise_person(ani.id, "Peserta #1", NOW, audit("person")).unwrap();
    assert_eq!(named("lestari"), 0, "an anonymised name is gone from the search index too");
    assert_eq!(named("peserta"), 1);
    let gone = s.person(ani.id).unwrap().unwrap();
    assert_eq!((gone.fields.full_name.as_str(), gone.fields.phone.as_deref()), ("Peserta #1", None));
    assert!(entries(ani.id).iter().all(|e| !format!("{:?}{:?}", e.before, e.after).contains("Ani Lestari")));
    assert_eq!(s.training_history(ani.id).unwrap().len(), 1, "registrations stay");
    assert!(matches!(s.anonymise_person(999_999, "x", NOW, audit("person")), Err(Error::NotFound)));
}
