//! The SQLite adapter against a real database file.

use lentera_core::access::Actor;
use lentera_core::library::{LibraryFilter, LibraryInput, PageRequest};
use lentera_core::region::{EXPECTED_COUNTS, RegionCode, RegionLevel};
use std::sync::Arc;

use lentera_core::services::{Env, libraries};
use lentera_core::store::{LibraryStore, RegionStore};
use lentera_store::SqliteStore;

#[test]
fn loads_official_regions_once_and_migrates_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(report.migrations_applied, (1..=16).collect::<Vec<_>>());
    assert_eq!(report.regions_loaded, 38 + 514 + 7285 + 83762);
    assert_eq!(store.region_counts().unwrap(), EXPECTED_COUNTS.to_vec());
    drop(store);
    let (store, report) = SqliteStore::open(dir.path()).unwrap();
    assert!(report.migrations_applied.is_empty());
    assert_eq!(report.regions_loaded, 0);
    // Real-world names survive the CSV quirks.
    let v = store.region(&RegionCode::parse("35.13.15.2017").unwrap()).unwrap().unwrap();
    assert_eq!(v.name, "Soka\"an");
    let hits = store.search_regions("sokaan", Some(RegionLevel::Village), None, 10).unwrap();
    assert!(hits.iter().any(|r| r.code.as_str() == "35.13.15.2017"));
    let hits = store.search_regions("regapuu", None, None, 10).unwrap();
    assert_eq!(hits.len(), 1, "accent-insensitive: Regapu’u");
    assert!(store.integrity_problems().unwrap().is_empty());
}

#[test]
fn library_crud_counts_and_scope_filters() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = SqliteStore::open(dir.path()).unwrap();
    let store = Arc::new(store);
    let env = Env::new(store.clone());
    let op = Actor::operator();
    let input = LibraryInput {
        name: "Perpustakaan Desa Soka'an".into(),
        library_type: "umum_desa".into(),
        status: "aktif".into(),
        npp: Some("3513152c0000001".into()),
        region_code: "35.13.15.2017".into(),
        ..Default::default()
    };
    let lib = libraries::create(&env, &op, &input).unwrap();
    assert_eq!(lib.npp.as_deref(), Some("3513152C0000001"));
    // Duplicate NPP is a field error, not a crash.
    let dup = libraries::create(&env, &op, &LibraryInput { name: "Lain".into(), ..input.clone() });
    assert!(matches!(dup, Err(lentera_core::Error::Validation(_))));
    let provinces = store.region_children(None).unwrap();
    let jatim = provinces.iter().find(|p| p.region.code.as_str() == "35").unwrap();
    assert_eq!(jatim.library_count, 1);
    assert_eq!(provinces.iter().map(|p| p.library_count).sum::<i64>(), 1);
    let page = store
        .list_libraries(
            &LibraryFilter { query: Some("sokaan".into()), ..Default::default() },
            PageRequest::new(None, None),
        )
        .unwrap();
    assert_eq!(page.total, 1);
    let page = store
        .list_libraries(
            &LibraryFilter {
                region: Some(RegionCode::parse("35.13").unwrap()),
                missing_ktak_year: Some(2024),
                ..Default::default()
            },
            PageRequest::new(None, None),
        )
        .unwrap();
    assert_eq!(page.total, 1);
    // A stale version is refused.
    let stale = libraries::update(&env, &op, lib.id, lib.version + 1, &input);
    assert!(matches!(stale, Err(lentera_core::Error::Conflict(_))));
    let updated =
        libraries::update(&env, &op, lib.id, lib.version, &LibraryInput { name: "Baru".into(), ..input }).unwrap();
    assert_eq!(updated.version, 2);
    assert_eq!(store.library(lib.id).unwrap().unwrap().name, "Baru");
}

#[test]
fn sessions_end_after_idle_time() {
    use lentera_core::store::AccountStore;
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = SqliteStore::open(dir.path()).unwrap();
    let store = Arc::new(store);
    let env = Env::new(store.clone());
    let input = lentera_core::user::NewUserInput {
        username: "budi".into(),
        full_name: "Budi".into(),
        role: "viewer".into(),
        scope: Some("nation".into()),
        password: "sandi-yang-panjang".into(),
        ..Default::default()
    };
    let user = lentera_core::services::accounts::create_user(&env, &Actor::operator(), &input).unwrap();
    store.create_session("h", user.id, "csrf", 1_000).unwrap();
    assert!(store.session("h", 1_000 + 3_600, 7_200).unwrap().is_some(), "still fresh, and touched");
    assert!(store.session("h", 1_000 + 3_600 + 7_000, 7_200).unwrap().is_some(), "the touch extended it");
    assert!(store.session("h", 1_000 + 3_600 + 7_000 + 7_201, 7_200).unwrap().is_none(), "idle too long");
    assert!(store.session("h", 0, 7_200).unwrap().is_none(), "and it is gone");
}

#[test]
fn region_counts_follow_inserts_moves_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = SqliteStore::open(dir.path()).unwrap();
    let store = Arc::new(store);
    let env = Env::new(store.clone());
    let op = Actor::operator();
    let mk = |name: &str, region: &str| LibraryInput {
        name: name.into(),
        library_type: "tbm".into(),
        region_code: region.into(),
        ..Default::default()
    };
    let count =
        |code: Option<&str>| store.library_count_in(code.map(|c| RegionCode::parse(c).unwrap()).as_ref()).unwrap();
    let a = libraries::create(&env, &op, &mk("A", "35.07.12.2001")).unwrap();
    libraries::create(&env, &op, &mk("B", "35.07")).unwrap();
    libraries::create(&env, &op, &mk("C", "52.01.01.2002")).unwrap();
    assert_eq!((count(None), count(Some("35")), count(Some("35.07")), count(Some("35.07.12"))), (3, 2, 2, 1));
    assert_eq!(count(Some("35.07.12.2001")), 1);
    let moved = libraries::update(&env, &op, a.id, a.version, &mk("A", "52.01.01.2002")).unwrap();
    assert_eq!((count(Some("35")), count(Some("52")), count(Some("35.07.12"))), (1, 2, 0));
    libraries::delete(&env, &op, moved.id).unwrap();
    assert_eq!((count(None), count(Some("52")), count(Some("52.01.01.2002"))), (2, 1, 1));
    let kids = store.region_children(Some(&RegionCode::parse("35").unwrap())).unwrap();
    assert_eq!(kids.iter().map(|k| k.library_count).sum::<i64>(), 1);
}

/// A unique violation comes back typed, naming the key it concerns (the service turns a
/// username taken between its check and the insert into the username's field error).
#[test]
fn a_username_taken_in_a_race_is_a_typed_duplicate() {
    use lentera_core::audit::{AuditAction, AuditRecord};
    use lentera_core::store::{AccountStore, NewUser};
    use lentera_core::user::{Role, Scope};
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = SqliteStore::open(dir.path()).unwrap();
    let user = NewUser {
        username: "kembar".into(),
        full_name: "Kembar".into(),
        email: None,
        phone: None,
        role: Role::NationalAdmin,
        scope: Scope::Nation,
        scope_region: None,
        password_hash: "x".into(),
    };
    let audit = || AuditRecord::new(&Actor::operator(), AuditAction::Create, "user", 1);
    store.insert_user(&user, 1, audit()).unwrap();
    match store.insert_user(&user, 2, audit()) {
        Err(lentera_core::Error::Duplicate(lentera_core::Unique::Username)) => {}
        other => panic!("{other:?}"),
    }
}
