//! The store conformance suite: the contract of every method of every port in
//! `lentera_core::store`, checked through the ports alone — happy paths, refusals (stale
//! versions, unique keys, records in use), filters and scopes, aggregates that stay equal to a
//! rebuild after approvals and reopenings, idempotent creation by client id.
//!
//! A backend runs it with [`conformance_tests!`](crate::conformance_tests), giving a function
//! that returns a [`Fresh`] store (migrated, official regions loaded, nothing else). The same
//! checks run unchanged on every backend; `every_port_method_is_exercised` fails when a port
//! gains a method this suite does not call.

pub mod accounts;
pub mod advocacy;
pub mod agreements;
pub mod catalogue;
pub mod events;
pub mod libraries;
pub mod people;
pub mod regions;
pub mod reports;
pub mod training;
pub mod workplans;

use std::any::Any;
use std::sync::Arc;

use lentera_core::access::Actor;
use lentera_core::audit::{AuditAction, AuditRecord};
use lentera_core::library::{Library, LibraryFields, LibraryInput};
use lentera_core::store::Store;

/// A fresh store to check, with whatever keeps it alive (a temporary directory, a database).
pub struct Fresh {
    pub store: Arc<dyn Store>,
    _hold: Box<dyn Any>,
}

/// A fixed moment the checks write at: 2026-03-15 10:00 WIB.
pub const NOW: i64 = 1_773_543_600;

impl Fresh {
    pub fn new(store: Arc<dyn Store>, hold: Box<dyn Any>) -> Fresh {
        Fresh { store, _hold: hold }
    }

    pub fn store(&self) -> &dyn Store {
        self.store.as_ref()
    }
}

/// An audit record as a service would write it.
pub fn audit(entity: &'static str) -> AuditRecord {
    AuditRecord::new(&Actor::operator(), AuditAction::Create, entity, NOW)
}

/// Checked fields of a library.
pub fn library_fields(name: &str, region: &str, programme: Option<i32>) -> LibraryFields {
    LibraryInput {
        name: name.into(),
        library_type: if region.len() == 13 { "umum_desa" } else { "umum_kabkota" }.into(),
        status: "aktif".into(),
        region_code: region.into(),
        programme_year: programme.map(|y| y.to_string()),
        programme_tier: programme.map(|_| "penuh".into()),
        ..Default::default()
    }
    .validate(2026)
    .expect("valid library")
}

/// A library stored through its port.
pub fn library(store: &dyn Store, name: &str, region: &str, programme: Option<i32>) -> Library {
    store.insert_library(&library_fields(name, region, programme), NOW, audit("library")).expect("library stored")
}

/// Runs every check of the suite as its own test, on stores made by `$fresh`.
#[macro_export]
macro_rules! conformance_tests {
    ($fresh:expr) => {
        #[test]
        fn conformance_regions() {
            $crate::conformance::regions::check(&$fresh());
        }
        #[test]
        fn conformance_libraries() {
            $crate::conformance::libraries::check(&$fresh());
        }
        #[test]
        fn conformance_accounts() {
            $crate::conformance::accounts::check(&$fresh());
        }
        #[test]
        fn conformance_reports() {
            $crate::conformance::reports::check(&$fresh());
        }
        #[test]
        fn conformance_reporting_facts() {
            $crate::conformance::reports::check_facts(&$fresh());
        }
        #[test]
        fn conformance_bulk() {
            $crate::conformance::reports::check_bulk(&$fresh());
        }
        #[test]
        fn conformance_events() {
            $crate::conformance::events::check(&$fresh());
        }
        #[test]
        fn conformance_people() {
            $crate::conformance::people::check(&$fresh());
        }
        #[test]
        fn conformance_training() {
            $crate::conformance::training::check(&$fresh());
        }
        #[test]
        fn conformance_advocacy() {
            $crate::conformance::advocacy::check(&$fresh());
        }
        #[test]
        fn conformance_agreements() {
            $crate::conformance::agreements::check(&$fresh());
        }
        #[test]
        fn conformance_work_plans() {
            $crate::conformance::workplans::check(&$fresh());
        }
        #[test]
        fn conformance_catalogue() {
            $crate::conformance::catalogue::check(&$fresh());
        }
    };
}

#[cfg(test)]
mod tests {
    /// Every method of every port is called somewhere in this suite.
    #[test]
    fn every_port_method_is_exercised() {
        let ports = [
            include_str!("../../../lentera-core/src/store/accounts.rs"),
            include_str!("../../../lentera-core/src/store/advocacy.rs"),
            include_str!("../../../lentera-core/src/store/agreements.rs"),
            include_str!("../../../lentera-core/src/store/activities.rs"),
            include_str!("../../../lentera-core/src/store/aggregates.rs"),
            include_str!("../../../lentera-core/src/store/attendance.rs"),
            include_str!("../../../lentera-core/src/store/audit.rs"),
            include_str!("../../../lentera-core/src/store/bulk.rs"),
            include_str!("../../../lentera-core/src/store/calendar.rs"),
            include_str!("../../../lentera-core/src/store/catalogue.rs"),
            include_str!("../../../lentera-core/src/store/events.rs"),
            include_str!("../../../lentera-core/src/store/iplm.rs"),
            include_str!("../../../lentera-core/src/store/kpi.rs"),
            include_str!("../../../lentera-core/src/store/libraries.rs"),
            include_str!("../../../lentera-core/src/store/lists.rs"),
            include_str!("../../../lentera-core/src/store/monthly.rs"),
            include_str!("../../../lentera-core/src/store/people.rs"),
            include_str!("../../../lentera-core/src/store/regions.rs"),
            include_str!("../../../lentera-core/src/store/registrations.rs"),
            include_str!("../../../lentera-core/src/store/review.rs"),
            include_str!("../../../lentera-core/src/store/training.rs"),
            include_str!("../../../lentera-core/src/store/workplans.rs"),
        ];
        let suite = [
            include_str!("accounts.rs"),
            include_str!("advocacy.rs"),
            include_str!("agreements.rs"),
            include_str!("catalogue.rs"),
            include_str!("events.rs"),
            include_str!("libraries.rs"),
            include_str!("people.rs"),
            include_str!("regions.rs"),
            include_str!("reports.rs"),
            include_str!("training.rs"),
            include_str!("workplans.rs"),
        ]
        .concat();
        let listed = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../lentera-core/src/store"))
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name() != "mod.rs")
            .count();
        assert_eq!(listed, ports.len(), "a port file is missing from this list");
        let mut missing = Vec::new();
        for port in ports {
            for line in port.lines().map(str::trim_start).filter(|l| l.starts_with("fn ")) {
                let name = &line[3..line.find('(').unwrap()];
                if !suite.contains(&format!(".{name}(")) {
                    missing.push(name);
                }
            }
        }
        assert!(missing.is_empty(), "port methods the conformance suite never calls: {missing:?}");
    }
}
