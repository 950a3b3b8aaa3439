//! Migrations are plain SQL, one folder per backend under `migrations/` (`sqlite/` now,
//! `postgres/` beside it later), numbered alike: `0016_aggregates_by_own_level.sql` is
//! version 16 on every backend. [`versions_agree`] is the check that they have not drifted.

use std::collections::BTreeMap;
use std::path::Path;

/// The versions of one backend's folder, in order, from names like `0007_name.sql`.
pub fn versions_in(dir: &Path) -> Result<Vec<i64>, String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name().to_string_lossy().to_string();
        let Some(stem) = name.strip_suffix(".sql") else { continue };
        let digits = stem.split('_').next().unwrap_or("");
        let version = digits.parse::<i64>().map_err(|_| format!("{}: {name} has no version number", dir.display()))?;
        out.push(version);
    }
    out.sort_unstable();
    if let Some(w) = out.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("{}: version {} appears twice", dir.display(), w[0]));
    }
    Ok(out)
}

/// Every backend folder under `root` holds the same version numbers (and at least one).
pub fn versions_agree(root: &Path) -> Result<BTreeMap<String, Vec<i64>>, String> {
    let mut lists = BTreeMap::new();
    for entry in std::fs::read_dir(root).map_err(|e| format!("{}: {e}", root.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            let name = path.file_name().unwrap_or_default().to_string_lossy().to_string();
            lists.insert(name, versions_in(&path)?);
        }
    }
    let mut it = lists.iter();
    let Some((first, expected)) = it.next() else { return Err(format!("{}: no backend folder", root.display())) };
    for (backend, versions) in it {
        if versions != expected {
            return Err(format!("migrations of {backend} ({versions:?}) differ from {first} ({expected:?})"));
        }
    }
    Ok(lists)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_backends_shipped_agree_and_sqlite_embeds_them_all() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let lists = versions_agree(&root).unwrap();
        assert_eq!(lists["sqlite"], crate::sqlite::migration_versions(), "every file is embedded, in order");
    }

    #[test]
    fn a_backend_that_drifted_is_caught() {
        let root = tempfile::tempdir().unwrap();
        for (backend, files) in
            [("sqlite", ["0001_init.sql", "0002_more.sql"]), ("postgres", ["0001_init.sql", "0003_more.sql"])]
        {
            std::fs::create_dir(root.path().join(backend)).unwrap();
            for f in files {
                std::fs::write(root.path().join(backend).join(f), "").unwrap();
            }
        }
        let err = versions_agree(root.path()).unwrap_err();
        assert!(err.contains("differ"), "{err}");
        std::fs::rename(root.path().join("postgres/0003_more.sql"), root.path().join("postgres/0002_more.sql"))
            .unwrap();
        assert_eq!(versions_agree(root.path()).unwrap().len(), 2);
    }
}
