//! The library registry's use cases.

use serde::Serialize;

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::error::Errors;
use crate::ids::LibraryId;
use crate::library::{
    Equipment, EquipmentInput, KtakFigures, Library, LibraryFields, LibraryFilter, LibraryInput, LibrarySummary, Page,
    PageRequest,
};
use crate::region::{RegionCode, TimeZone};
use crate::services::Env;
use crate::{Error, FieldError, Result, Unique};

fn this_year(env: &Env) -> i32 {
    env.year(TimeZone::Wib)
}

/// A library the actor may read; out-of-scope libraries look exactly like missing ones, so
/// guessing ids reveals nothing.
pub fn get(env: &Env, actor: &Actor, id: LibraryId) -> Result<Library> {
    match env.store.library(id)? {
        Some(lib) if actor.can_read_library(&lib) => Ok(lib),
        _ => Err(Error::NotFound),
    }
}

pub fn list(env: &Env, actor: &Actor, mut filter: LibraryFilter, page: PageRequest) -> Result<Page<LibrarySummary>> {
    actor.scope_library_filter(&mut filter)?;
    env.store.list_libraries(&filter, page)
}

pub fn each(
    env: &Env,
    actor: &Actor,
    mut filter: LibraryFilter,
    f: &mut dyn FnMut(&Library) -> Result<()>,
) -> Result<()> {
    actor.scope_library_filter(&mut filter)?;
    env.store.each_library(&filter, f)
}

fn check_region_exists(env: &Env, code: &RegionCode) -> Result<()> {
    if env.store.region(code)?.is_none() {
        return Err(Error::field(
            "region_code",
            "Kode wilayah tidak ditemukan dalam daftar resmi.",
            "Region code not found in the official list.",
        ));
    }
    Ok(())
}

fn check_npp_free(env: &Env, npp: Option<&str>, except: Option<LibraryId>) -> Result<()> {
    if let Some(npp) = npp
        && let Some(other) = env.store.library_by_npp(npp)?
        && Some(other.id) != except
    {
        return Err(npp_taken());
    }
    Ok(())
}

fn npp_taken() -> Error {
    Error::taken("npp", "NPP ini sudah dipakai perpustakaan lain.", "This NPP is already used by another library.")
}

/// What the store's refusals mean for a library's write: an NPP taken in a race after the
/// check is the NPP's field error again; a stale version asks to reload.
fn refused(e: Error) -> Error {
    match e {
        Error::Duplicate(Unique::LibraryNpp) => npp_taken(),
        Error::Stale => Error::Conflict(
            "Data perpustakaan ini sudah diubah orang lain sejak Anda membukanya. Muat ulang lalu ulangi perubahan."
                .into(),
        ),
        Error::InUse => Error::Conflict("Perpustakaan ini masih dipakai oleh data lain (mis. akun pengguna).".into()),
        other => other,
    }
}

pub fn create(env: &Env, actor: &Actor, input: &LibraryInput) -> Result<Library> {
    let fields = input.validate(this_year(env))?;
    check_region_exists(env, &fields.region_code)?;
    actor.require(actor.can_manage_libraries_in(&fields.region_code))?;
    check_npp_free(env, fields.npp.as_deref(), None)?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "library", now)
        .region(Some(fields.region_code.clone()))
        .after(&fields);
    env.store.insert_library(&fields, now, audit).map_err(refused)
}

pub fn update(env: &Env, actor: &Actor, id: LibraryId, expected_version: i64, input: &LibraryInput) -> Result<Library> {
    let before = get(env, actor, id)?;
    actor.require(actor.can_edit_library(&before))?;
    let fields = input.validate(this_year(env))?;
    if fields.region_code != before.region_code {
        check_region_exists(env, &fields.region_code)?;
        actor.require(
            actor.can_manage_libraries_in(&fields.region_code) && actor.can_manage_libraries_in(&before.region_code),
        )?;
    }
    // Programme membership is decided by Perpusnas' yearly decree, not by the library itself.
    if (fields.programme_year, fields.programme_tier) != (before.programme_year, before.programme_tier) {
        actor.require(actor.role.is_coordinator())?;
    }
    check_npp_free(env, fields.npp.as_deref(), Some(id))?;
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "library", now)
        .id(id)
        .region(Some(fields.region_code.clone()))
        .before(&LibraryFields::from(&before))
        .after(&fields);
    env.store.update_library(id, expected_version, &fields, now, audit).map_err(refused)
}

pub fn delete(env: &Env, actor: &Actor, id: LibraryId) -> Result<()> {
    let lib = get(env, actor, id)?;
    actor.require(actor.can_manage_libraries_in(&lib.region_code))?;
    let audit = AuditRecord::new(actor, AuditAction::Delete, "library", env.now())
        .id(id)
        .region(Some(lib.region_code.clone()))
        .before(&LibraryFields::from(&lib));
    env.store.delete_library(id, audit).map_err(refused)
}

pub fn ktak(env: &Env, actor: &Actor, id: LibraryId) -> Result<Vec<KtakFigures>> {
    get(env, actor, id)?;
    env.store.ktak(id)
}

pub fn save_ktak(env: &Env, actor: &Actor, id: LibraryId, figures: &KtakFigures) -> Result<()> {
    let lib = get(env, actor, id)?;
    actor.require(actor.can_edit_library(&lib))?;
    figures.validate(this_year(env))?;
    let before = env.store.ktak(id)?.into_iter().find(|k| k.year == figures.year);
    let mut audit = AuditRecord::new(
        actor,
        if before.is_some() { AuditAction::Update } else { AuditAction::Create },
        "library_ktak",
        env.now(),
    )
    .id(id)
    .region(Some(lib.region_code.clone()))
    .after(figures);
    if let Some(b) = &before {
        audit = audit.before(b);
    }
    env.store.save_ktak(id, figures, audit)
}

crate::vocabulary! {
    /// What to do when some rows of an import are bad: write nothing unless every row is good
    /// (the default), write the good rows and report the bad ones, or only check.
    ImportMode {
        AllOrNothing = "all", "Semua atau tidak sama sekali", "All or nothing";
        ValidOnly = "valid", "Baris yang benar saja", "Valid rows only";
        DryRun = "check", "Periksa saja", "Check only";
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct RowError {
    /// The row number as the user sees it in the spreadsheet (header is row 1).
    pub row: usize,
    pub errors: Vec<FieldError>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub rows: usize,
    pub valid: usize,
    pub imported: usize,
    /// Rows already stored by an earlier import of the same data.
    pub skipped: usize,
    pub errors: Vec<RowError>,
    pub written: bool,
}

/// Imports rows (already read from CSV or XLSX). Each row is validated as a form would be,
/// against the official regions, the actor's scope and NPP uniqueness (in the file and the
/// registry); then all good rows are written in one transaction, or none.
pub fn import(env: &Env, actor: &Actor, rows: &[LibraryInput], mode: ImportMode) -> Result<ImportReport> {
    actor.require(actor.role.is_coordinator())?;
    let year = this_year(env);
    let mut good = Vec::new();
    let mut errors = Vec::new();
    let mut seen_npp = std::collections::HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let mut errs = Errors::default();
        match row.validate(year) {
            Ok(fields) => {
                if env.store.region(&fields.region_code)?.is_none() {
                    errs.add(
                        "region_code",
                        "Kode wilayah tidak ditemukan dalam daftar resmi.",
                        "Region code not found in the official list.",
                    );
                } else if !actor.can_manage_libraries_in(&fields.region_code) {
                    errs.add("region_code", "Wilayah ini di luar cakupan Anda.", "This region is outside your scope.");
                }
                if let Some(npp) = &fields.npp {
                    if let Some(first) = seen_npp.insert(npp.clone(), line) {
                        errs.add(
                            "npp",
                            &format!("NPP sama dengan baris {first}."),
                            &format!("Same NPP as row {first}."),
                        );
                    } else if env.store.library_by_npp(npp)?.is_some() {
                        errs.add("npp", "NPP ini sudah terdaftar.", "This NPP is already registered.");
                    }
                }
                if errs.0.is_empty() {
                    good.push(fields);
                }
            }
            Err(e) => errs.extend(e)?,
        }
        if !errs.0.is_empty() {
            errors.push(RowError { row: line, errors: errs.0 });
        }
    }
    let write = match mode {
        ImportMode::DryRun => false,
        ImportMode::AllOrNothing => errors.is_empty() && !good.is_empty(),
        ImportMode::ValidOnly => !good.is_empty(),
    };
    let (mut imported, valid) = (0, good.len());
    if write {
        let now = env.now();
        let audited: Vec<_> = good
            .into_iter()
            .map(|f| {
                let audit = AuditRecord::new(actor, AuditAction::Create, "library", now)
                    .region(Some(f.region_code.clone()))
                    .after(&f);
                (f, audit)
            })
            .collect();
        imported = env.store.import_libraries(&audited, now).map_err(refused)?.len();
    }
    Ok(ImportReport { rows: rows.len(), valid, imported, skipped: 0, errors, written: write })
}

/// The equipment of a library the actor may read.
pub fn equipment(env: &Env, actor: &Actor, library_id: LibraryId) -> Result<Vec<Equipment>> {
    get(env, actor, library_id)?;
    env.store.equipment(library_id)
}

/// Records new equipment (`id: None`) or updates an item; managers keep its condition and
/// use up to date, coordinators record deliveries.
pub fn save_equipment(
    env: &Env,
    actor: &Actor,
    library_id: LibraryId,
    id: Option<i64>,
    input: &EquipmentInput,
) -> Result<Equipment> {
    let lib = get(env, actor, library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let fields = input.validate(this_year(env))?;
    let now = env.now();
    let before = match id {
        Some(id) => Some(env.store.equipment(library_id)?.into_iter().find(|e| e.id == id).ok_or(Error::NotFound)?),
        None => None,
    };
    let action = if before.is_some() { AuditAction::Update } else { AuditAction::Create };
    let mut audit =
        AuditRecord::new(actor, action, "library_equipment", now).region(Some(lib.region_code.clone())).after(&fields);
    if let Some(b) = &before {
        audit = audit.before(b).id(b.id);
    }
    env.store.save_equipment(library_id, id, &fields, now, audit)
}

pub fn delete_equipment(env: &Env, actor: &Actor, library_id: LibraryId, id: i64) -> Result<()> {
    let lib = get(env, actor, library_id)?;
    actor.require(actor.can_edit_library(&lib))?;
    let before = env.store.equipment(library_id)?.into_iter().find(|e| e.id == id).ok_or(Error::NotFound)?;
    let audit = AuditRecord::new(actor, AuditAction::Delete, "library_equipment", env.now())
        .id(id)
        .region(Some(lib.region_code.clone()))
        .before(&before);
    env.store.delete_equipment(library_id, id, audit)
}
