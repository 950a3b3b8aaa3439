//! What only the SQLite adapter does, against a real database file: opening, migrating and
//! loading the regions once. Every port's contract is checked by the conformance suite
//! (`lentera-test-support`), which runs on SQLite too.

use lentera_core::region::{EXPECTED_COUNTS, RegionCode, RegionLevel};
use lentera_core::store::RegionStore;
use lentera_store::SqliteStore;

#[test]
fn loads_official_regions_once_and_migrates_idempotently() {
    let dir = tempfile::tempdir().unwrap();
    let (store, report) = SqliteStore::open(dir.path()).unwrap();
    let shipped = lentera_store::migrations::versions_in(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite"),
    )
    .unwrap();
    assert_eq!(report.migrations_applied, shipped, "every shipped migration, in order");
    assert!(shipped.len() >= 21);
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
