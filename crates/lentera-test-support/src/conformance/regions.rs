//! The region port: the official list, its counts, search, and library counts per subtree.

use lentera_core::region::{EXPECTED_COUNTS, RegionCode, RegionLevel};

use super::{Fresh, library};

pub fn check(f: &Fresh) {
    let s = f.store();
    let code = |c: &str| RegionCode::parse(c).unwrap();
    assert_eq!(s.region_counts().unwrap(), EXPECTED_COUNTS.to_vec(), "the official list, loaded once");
    let v = s.region(&code("35.13.15.2017")).unwrap().unwrap();
    assert_eq!(v.name, "Soka\"an", "real names survive");
    assert!(s.region(&code("99.99")).unwrap().is_none());
    let provinces = s.region_children(None).unwrap();
    assert_eq!(provinces.len(), 38);
    assert_eq!(s.region_children(Some(&code("35"))).unwrap().len(), 38, "East Java's regencies and cities");

    // Search: folded text, best matches first, by level and within a region.
    let hits = s.search_regions("sokaan", Some(RegionLevel::Village), None, 10).unwrap();
    assert!(hits.iter().any(|r| r.code.as_str() == "35.13.15.2017"));
    assert_eq!(s.search_regions("regapuu", None, None, 10).unwrap().len(), 1, "accent-insensitive");
    let within = s.search_regions("sukamaju", None, Some(&code("32")), 50).unwrap();
    assert!(!within.is_empty() && within.iter().all(|r| r.code.as_str().starts_with("32.")));
    assert!(s.search_regions("sukamaju", None, None, 3).unwrap().len() <= 3, "the limit holds");
    assert!(s.search_regions("50%", None, None, 3).is_err(), "only folded text is searched");

    // Library counts follow inserts, moves and deletes at every level.
    let count = |c: Option<&str>| s.library_count_in(c.map(code).as_ref()).unwrap();
    assert_eq!(count(None), 0);
    let a = library(s, "A", "35.07.12.2001", None);
    library(s, "B", "35.07", None);
    library(s, "C", "52.01.01.2002", None);
    assert_eq!((count(None), count(Some("35")), count(Some("35.07")), count(Some("35.07.12"))), (3, 2, 2, 1));
    let jatim = s.region_children(None).unwrap().into_iter().find(|p| p.region.code.as_str() == "35").unwrap();
    assert_eq!(jatim.library_count, 2);
    let moved = super::library_fields("A", "52.01.01.2002", None);
    s.update_library(a.id, a.version, &moved, super::NOW, super::audit("library")).unwrap();
    assert_eq!((count(Some("35")), count(Some("52")), count(Some("35.07.12"))), (1, 2, 0));
    s.delete_library(a.id, super::audit("library")).unwrap();
    assert_eq!((count(None), count(Some("52.01.01.2002"))), (2, 1));
}
