//! The library port: libraries, their filters and lists, KTAK figures and equipment.

use lentera_core::ids::LibraryId;
use lentera_core::library::{
    EquipmentCondition, EquipmentFields, EquipmentItem, KtakFigures, LibraryFilter, LibraryStatus, PageRequest,
};
use lentera_core::region::RegionCode;
use lentera_core::store::{NewUser, Store};
use lentera_core::user::{Role, Scope};
use lentera_core::{Error, Unique};

use super::{Fresh, NOW, audit, library, library_fields};

pub fn check(f: &Fresh) {
    let s = f.store();
    let mut fields = library_fields("Perpustakaan Desa Soka'an", "35.13.15.2017", Some(2024));
    fields.npp = Some("3513152C0000001".into());
    let lib = s.insert_library(&fields, NOW, audit("library")).unwrap();
    assert_eq!((lib.version, lib.npp.as_deref(), lib.created_at), (1, Some("3513152C0000001"), NOW));
    assert_eq!(s.library(lib.id).unwrap().unwrap().name, "Perpustakaan Desa Soka'an");
    assert!(s.library(LibraryId::new(lib.id.get() + 1000)).unwrap().is_none());
    assert_eq!(s.library_by_npp("3513152C0000001").unwrap().unwrap().id, lib.id);
    assert!(s.library_by_npp("0000000X0000000").unwrap().is_none());

    // A unique NPP: a second library with it is a typed duplicate, nothing written.
    let twin = library_fields("Lain", "35.13.15.2017", None);
    let twin = lentera_core::library::LibraryFields { npp: fields.npp.clone(), ..twin };
    assert!(matches!(s.insert_library(&twin, NOW, audit("library")), Err(Error::Duplicate(Unique::LibraryNpp))));
    assert_eq!(s.library_count_in(None).unwrap(), 1);

    // Updates need the version they were read at.
    let renamed = lentera_core::library::LibraryFields { name: "Baru".into(), ..fields.clone() };
    assert!(matches!(s.update_library(lib.id, lib.version + 1, &renamed, NOW, audit("library")), Err(Error::Stale)));
    let lib = s.update_library(lib.id, lib.version, &renamed, NOW + 60, audit("library")).unwrap();
    assert_eq!((lib.name.as_str(), lib.version, lib.updated_at), ("Baru", 2, NOW + 60));
    assert!(matches!(
        s.update_library(LibraryId::new(999_999), 1, &renamed, NOW, audit("library")),
        Err(Error::NotFound)
    ));

    // Lists: filters, text, scope by region, programme membership, missing KTAK.
    let other = library(s, "Perpustakaan Kelurahan Pelita", "52.01.01.2002", None);
    let page = |f: LibraryFilter| s.list_libraries(&f, PageRequest::new(None, None)).unwrap();
    assert_eq!(page(LibraryFilter::default()).total, 2);
    assert_eq!(page(LibraryFilter { query: Some("pelita".into()), ..Default::default() }).items[0].id, other.id);
    // Text search finds any part of the name (or the NPP), as renamed, short queries too.
    let found = |q: &str| {
        page(LibraryFilter { query: Some(q.into()), ..Default::default() })
            .items
            .iter()
            .map(|l| l.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(found("KELURAHAN PEL"), [other.id]);
    assert_eq!(found("aru"), [lib.id], "the new name");
    assert!(found("sokaan").is_empty(), "not the old name");
    assert_eq!(found("ru"), [lib.id], "two letters");
    if let Some(npp) = &fields.npp {
        assert_eq!(found(npp), [lib.id]);
    }
    let in_35 = page(LibraryFilter { region: Some(RegionCode::parse("35").unwrap()), ..Default::default() });
    assert_eq!((in_35.total, in_35.items[0].region_name.as_str()), (1, "Soka\"an"));
    assert_eq!(page(LibraryFilter { in_programme: true, ..Default::default() }).total, 1);
    assert_eq!(page(LibraryFilter { status: Some(LibraryStatus::Closed), ..Default::default() }).total, 0);
    assert_eq!(
        page(LibraryFilter { missing_ktak_year: Some(2025), in_programme: true, ..Default::default() }).total,
        1
    );
    let one_per_page = s.list_libraries(&LibraryFilter::default(), PageRequest::new(Some(2), Some(1))).unwrap();
    assert_eq!((one_per_page.total, one_per_page.items.len()), (2, 1));
    let mut seen = Vec::new();
    s.each_library(&LibraryFilter::default(), &mut |l| {
        seen.push(l.id);
        Ok(())
    })
    .unwrap();
    assert_eq!(seen.len(), 2);
    let refs = s.library_refs(&LibraryFilter::default(), 10).unwrap();
    assert_eq!(refs, vec![(lib.id, lib.region_code.clone()), (other.id, other.region_code.clone())], "by id");
    assert_eq!(s.library_refs(&LibraryFilter::default(), 1).unwrap().len(), 1);

    // KTAK figures: one row per year, replaced when saved again.
    let k = KtakFigures { year: 2025, members: Some(120), visits: Some(3_000), ..Default::default() };
    s.save_ktak(lib.id, &k, audit("library_ktak")).unwrap();
    s.save_ktak(lib.id, &KtakFigures { members: Some(130), ..k.clone() }, audit("library_ktak")).unwrap();
    assert_eq!(s.ktak(lib.id).unwrap(), vec![KtakFigures { members: Some(130), ..k }]);
    assert_eq!(
        page(LibraryFilter { missing_ktak_year: Some(2025), in_programme: true, ..Default::default() }).total,
        1,
        "incomplete figures are still missing some"
    );

    // Equipment: add, change, delete, within its library only.
    let e = EquipmentFields {
        item: EquipmentItem::Computer,
        description: None,
        quantity: 3,
        year_received: Some(2023),
        source: Some("TPBIS 2023".into()),
        condition: EquipmentCondition::Good,
        in_use: true,
    };
    let added = s.save_equipment(lib.id, None, &e, NOW, audit("equipment")).unwrap();
    let changed = EquipmentFields { condition: EquipmentCondition::Broken, ..e.clone() };
    s.save_equipment(lib.id, Some(added.id), &changed, NOW, audit("equipment")).unwrap();
    let list = s.equipment(lib.id).unwrap();
    assert_eq!((list.len(), list[0].condition), (1, EquipmentCondition::Broken));
    assert!(s.delete_equipment(other.id, added.id, audit("equipment")).is_err(), "not the other library's");
    s.delete_equipment(lib.id, added.id, audit("equipment")).unwrap();
    assert!(s.equipment(lib.id).unwrap().is_empty());

    // A library an account is scoped to is in use; one nothing refers to can go.
    account_at(s, lib.id);
    assert!(matches!(s.delete_library(lib.id, audit("library")), Err(Error::InUse)));
    s.delete_library(other.id, audit("library")).unwrap();
    assert!(s.library(other.id).unwrap().is_none());
    assert!(matches!(s.delete_library(other.id, audit("library")), Err(Error::NotFound)));
}

fn account_at(s: &dyn Store, library_id: LibraryId) {
    let lib = s.library(library_id).unwrap().unwrap();
    let user = NewUser {
        username: format!("pengelola{library_id}"),
        full_name: "Pengelola".into(),
        email: None,
        phone: None,
        role: Role::LibraryManager,
        scope: Scope::Library { library_id },
        scope_region: Some(lib.region_code),
        password_hash: "x".into(),
    };
    s.insert_user(&user, NOW, audit("user")).unwrap();
}
