//! The catalogue, IPLM and list ports: indicators as data, the training facts of their
//! measures, the IPLM inputs, population and published values, and the managed lists.

use lentera_core::activity::ActivityInput;
use lentera_core::catalogue::{Filter, IndicatorFields, Measure};
use lentera_core::event::RegistrationStatus;
use lentera_core::iplm::{Group, GroupInputs};
use lentera_core::library::{KtakFigures, LibraryStatus, LibraryType};
use lentera_core::lists::ManagedList;
use lentera_core::monthly::Period;
use lentera_core::region::RegionCode;
use lentera_core::reporting::{ReportStatus, StatusChange};
use lentera_core::{Error, Unique};

use super::events::{new_event, person_at};
use super::{Fresh, NOW, audit, library};

pub fn check(f: &Fresh) {
    let s = f.store();
    // Indicators: the built-in catalogue ships with the schema; new ones are added, changed
    // with the version they were read at, and keep unique codes.
    let built_in = s.indicators(false).unwrap();
    assert!(built_in.iter().any(|i| i.code == "perpustakaan_bergabung" && i.built_in));
    let fields = IndicatorFields {
        code: "peserta_perempuan_pelatihan".into(),
        name: "Perempuan dalam pelatihan".into(),
        name_en: None,
        definition: "Peserta perempuan kegiatan pelatihan keterampilan.".into(),
        measure: Measure::ParticipantsFemale,
        filter: Filter { categories: vec![1], tier: None, event_type: None },
        headline: false,
        position: 500,
        active: true,
    };
    let added = s.save_indicator(None, &fields, None, NOW, audit("indicator")).unwrap();
    assert_eq!((added.version, added.built_in, added.filter.categories.clone()), (1, false, vec![1]));
    assert!(matches!(
        s.save_indicator(None, &fields, None, NOW, audit("indicator")),
        Err(Error::Duplicate(Unique::IndicatorCode))
    ));
    let hidden = IndicatorFields { active: false, ..fields.clone() };
    assert!(matches!(s.save_indicator(Some(added.id), &hidden, Some(7), NOW, audit("indicator")), Err(Error::Stale)));
    let saved = s.save_indicator(Some(added.id), &hidden, Some(1), NOW, audit("indicator")).unwrap();
    assert_eq!((saved.version, saved.active), (2, false));
    assert_eq!(s.indicators(false).unwrap().len(), built_in.len(), "inactive ones are left out");
    assert_eq!(s.indicators(true).unwrap().len(), built_in.len() + 1);

    // Managed lists: added, renamed and retired; names unique within a list.
    let cats = s.list_items(ManagedList::ActivityCategory, false).unwrap();
    let item =
        s.save_list_item(ManagedList::ActivityCategory, None, "Kelas menulis", false, audit("list_item")).unwrap();
    assert!(matches!(
        s.save_list_item(ManagedList::ActivityCategory, None, &cats[0].name, false, audit("list_item")),
        Err(Error::Duplicate(Unique::ListItemName))
    ));
    s.save_list_item(ManagedList::ActivityCategory, Some(item.id), "Kelas menulis kreatif", true, audit("list_item"))
        .unwrap();
    assert_eq!(s.list_items(ManagedList::ActivityCategory, false).unwrap().len(), cats.len());
    let all = s.list_items(ManagedList::ActivityCategory, true).unwrap();
    assert!(all.iter().any(|i| i.name == "Kelas menulis kreatif" && i.retired));

    // Training facts: registered participants of events ending in the span, from the region.
    let lib = library(s, "Perpustakaan Desa Maju", "35.07.12.2001", Some(2024));
    let e = new_event(s, "Bimtek", "FACTS1", None, vec![]);
    let ani = person_at(s, "Ani", &lib, "081100000001");
    let budi = person_at(s, "Budi", &lib, "081100000002");
    s.insert_registration(e.id, ani.id, "F1", RegistrationStatus::Registered, false, None, NOW, audit("registration"))
        .unwrap();
    s.insert_registration(e.id, budi.id, "F2", RegistrationStatus::Pending, false, None, NOW, audit("registration"))
        .unwrap();
    let march = Period { year: 2026, month: 3 };
    let facts = s
        .training_facts(Some(&RegionCode::parse("35").unwrap()), march, march, RegistrationStatus::Registered)
        .unwrap();
    assert_eq!((facts.len(), facts[0].person_id, facts[0].days), (1, ani.id, 2));
    assert!(
        s.training_facts(Some(&RegionCode::parse("52").unwrap()), march, march, RegistrationStatus::Registered)
            .unwrap()
            .is_empty()
    );
    assert_eq!(s.training_facts(None, march, march, RegistrationStatus::Pending).unwrap()[0].person_id, budi.id);

    // IPLM inputs: KTAK sums of the libraries in a status per regency and type; the year's
    // report aggregates per regency; population and published values, replaced when saved again.
    let closed = library(s, "Perpustakaan Desa Tutup", "35.07.12.2002", None);
    let closed_fields = lentera_core::library::LibraryFields {
        status: LibraryStatus::Closed,
        ..super::library_fields("Tutup", "35.07.12.2002", None)
    };
    s.update_library(closed.id, closed.version, &closed_fields, NOW, audit("library")).unwrap();
    let k = KtakFigures {
        year: 2025,
        collection_copies: Some(500),
        staff_librarians: Some(1),
        members: Some(40),
        ..Default::default()
    };
    s.save_ktak(lib.id, &k, audit("library_ktak")).unwrap();
    s.save_ktak(closed.id, &k, audit("library_ktak")).unwrap();
    let ktak = s.ktak_by_regency(2025, LibraryStatus::Active).unwrap();
    let (regency, ty, inputs) = &ktak[0];
    assert_eq!((regency.as_str(), *ty), ("35.07", LibraryType::Village));
    assert_eq!(
        *inputs,
        GroupInputs {
            libraries: 1,
            copies: 500,
            copies_given: 1,
            staff: 1,
            staff_given: 1,
            members: 40,
            members_given: 1,
            ..Default::default()
        },
        "the closed library is left out"
    );
    let fields = ActivityInput {
        title: "Kegiatan IPLM".into(),
        start_date: "2026-03-02".into(),
        category_id: "1".into(),
        male: Some("3".into()),
        female: Some("5".into()),
        ..Default::default()
    }
    .validate(time::macros::date!(2026 - 03 - 31))
    .unwrap();
    let mut a = s.insert_activity(&lib, None, &fields, None, NOW, audit("activity")).unwrap();
    for to in [ReportStatus::Submitted, ReportStatus::Verified, ReportStatus::Approved] {
        s.change_status(&StatusChange::of(&a, to, None, NOW), audit("activity_status")).unwrap();
        a = s.activity(a.id).unwrap().unwrap();
    }
    let reports = s.reports_by_regency(2026).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!((reports[0].0.as_str(), reports[0].1.activities, reports[0].1.participants()), ("35.07", 1, 8));
    assert!(s.reports_by_regency(2025).unwrap().is_empty());

    let regency = RegionCode::parse("35.07").unwrap();
    assert_eq!(s.save_population(&[(regency.clone(), 2025, Group::Public, 1_000)], audit("population")).unwrap(), 1);
    s.save_population(&[(regency.clone(), 2025, Group::Public, 1_200)], audit("population")).unwrap();
    assert_eq!(s.population(2025).unwrap(), vec![(regency.clone(), Group::Public, 1_200)]);
    assert!(s.population(2024).unwrap().is_empty());
    s.save_published_iplm(&[(regency.clone(), 2030, 55.5)], audit("iplm_published")).unwrap();
    s.save_published_iplm(&[(regency.clone(), 2030, 56.0)], audit("iplm_published")).unwrap();
    assert_eq!(s.published_iplm(2030).unwrap(), vec![(regency, 56.0)]);
}
