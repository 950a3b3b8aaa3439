//! The store conformance suite on SQLite: each check on a fresh database in a temporary
//! directory.

use std::sync::Arc;

use lentera_store::SqliteStore;
use lentera_test_support::conformance::Fresh;

fn fresh() -> Fresh {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = SqliteStore::open(dir.path()).unwrap();
    Fresh::new(Arc::new(store), Box::new(dir))
}

lentera_test_support::conformance_tests!(fresh);
