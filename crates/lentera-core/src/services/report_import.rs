//! Bulk import of activity reports and monthly figures from a spreadsheet: every row is
//! checked as its form would check it, against the actor's scope; then all good rows are
//! written in one transaction, or none. Importing the same file again adds nothing: a row
//! already stored is counted as skipped.

use std::collections::HashMap;

use crate::access::Actor;
use crate::activity::ActivityInput;
use crate::audit::{AuditAction, AuditRecord};
use crate::error::Errors;
use crate::ids::LibraryId;
use crate::library::Library;
use crate::monthly::{MonthlyInput, Period};
use crate::reporting::ReportStatus;
use crate::reporting::valid_client_id;
use crate::services::Env;
use crate::services::libraries::{ImportMode, ImportReport, RowError};
use crate::store::{ImportedActivity, ImportedMonthly};
use crate::{FieldError, Result};

/// Which library a row is about: its Lentera id or its NPP.
#[derive(Debug, Clone, Default)]
pub struct LibraryRef {
    pub id: Option<String>,
    pub npp: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ActivityRow {
    pub library: LibraryRef,
    /// Optional: a UUID chosen by whoever made the file.
    pub client_id: Option<String>,
    /// A category name (any case) or id.
    pub category: String,
    pub input: ActivityInput,
}

#[derive(Debug, Clone, Default)]
pub struct MonthlyRow {
    pub library: LibraryRef,
    pub input: MonthlyInput,
}

/// Finds rows' libraries once each; out of scope looks the same as unknown.
struct Libraries<'a> {
    env: &'a Env,
    actor: &'a Actor,
    seen: HashMap<String, Option<Library>>,
}

impl Libraries<'_> {
    fn find(&mut self, r: &LibraryRef) -> Result<std::result::Result<Library, FieldError>> {
        let id = r.id.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let npp = r.npp.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let key = match (id, npp) {
            (Some(id), _) => format!("id:{id}"),
            (None, Some(npp)) => format!("npp:{npp}"),
            (None, None) => {
                return Ok(Err(FieldError::new(
                    "id_perpustakaan",
                    "Isi id_perpustakaan atau npp.",
                    "Fill in id_perpustakaan or npp.",
                )));
            }
        };
        if !self.seen.contains_key(&key) {
            let lib = match (id, npp) {
                (Some(id), _) => match id.parse::<LibraryId>() {
                    Ok(n) => self.env.store.library(n)?,
                    Err(_) => None,
                },
                (None, Some(npp)) => self.env.store.library_by_npp(npp)?,
                _ => None,
            };
            let lib = lib.filter(|l| self.actor.can_edit_library(l));
            self.seen.insert(key.clone(), lib);
        }
        Ok(self.seen[&key].clone().ok_or_else(|| {
            FieldError::new(
                "id_perpustakaan",
                "Perpustakaan tidak ditemukan atau di luar cakupan Anda.",
                "Library not found or outside your scope.",
            )
        }))
    }
}

/// Whether the library already has a report that started the same day under the same title.
fn already_reported(env: &Env, library_id: LibraryId, f: &crate::activity::ActivityFields) -> Result<bool> {
    let filter = crate::activity::ActivityFilter {
        library_id: Some(library_id),
        from: Some(f.start_date),
        to: Some(f.start_date),
        ..Default::default()
    };
    let same_day = env.store.list_activities(&filter, crate::library::PageRequest::new(None, Some(200)))?;
    let title = crate::text::fold(&f.title);
    Ok(same_day
        .items
        .iter()
        .any(|a| a.fields.start_date == f.start_date && crate::text::fold(&a.fields.title) == title))
}

/// The id a row gets when the file gives none: the same library, start date and title
/// always give the same UUID-shaped key.
pub fn derived_client_id(library_id: LibraryId, start: time::Date, title: &str) -> String {
    let h = crate::password::secret_hash(&format!("lentera-import:{library_id}:{start}:{}", crate::text::fold(title)));
    format!("{}-{}-8{}-a{}-{}", &h[0..8], &h[8..12], &h[13..16], &h[17..20], &h[20..32])
}

fn finish(
    rows: usize,
    valid: usize,
    skipped: usize,
    errors: Vec<RowError>,
    mode: ImportMode,
    write: impl FnOnce() -> Result<usize>,
) -> Result<ImportReport> {
    let go = match mode {
        ImportMode::DryRun => false,
        ImportMode::AllOrNothing => errors.is_empty() && valid > 0,
        ImportMode::ValidOnly => valid > 0,
    };
    let imported = if go { write()? } else { 0 };
    Ok(ImportReport { rows, valid, imported, skipped, errors, written: go })
}

/// Imports activity reports as drafts, or already submitted when `submit` is set.
pub fn activities(
    env: &Env,
    actor: &Actor,
    rows: &[ActivityRow],
    mode: ImportMode,
    submit: bool,
) -> Result<ImportReport> {
    let categories = super::activities::categories(env, false)?;
    let mut libs = Libraries { env, actor, seen: HashMap::new() };
    let now = env.now();
    let mut good: Vec<ImportedActivity> = Vec::new();
    let mut in_file: HashMap<String, usize> = HashMap::new();
    let (mut errors, mut skipped) = (Vec::new(), 0);
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let mut errs = Errors::default();
        let lib = match libs.find(&row.library)? {
            Ok(l) => Some(l),
            Err(e) => {
                errs.0.push(e);
                None
            }
        };
        let wanted = row.category.trim();
        let category = categories
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(wanted) || c.id.to_string() == wanted)
            .map(|c| c.id.to_string());
        if category.is_none() {
            errs.add("kategori", "Kategori tidak dikenal atau sudah tidak dipakai.", "Unknown or retired category.");
        }
        let zone = lib.as_ref().map(|l| l.region_code.time_zone()).unwrap_or(crate::region::TimeZone::Wib);
        let input = ActivityInput { category_id: category.unwrap_or_else(|| "0".into()), ..row.input.clone() };
        let fields = match input.validate(env.today(zone)) {
            Ok(f) => Some(f),
            Err(e) => {
                errs.extend(e)?;
                None
            }
        };
        if let (Some(lib), Some(fields), true) = (lib, fields, errs.0.is_empty()) {
            let client_id = match row.client_id.as_deref().map(|c| c.trim().to_ascii_lowercase()) {
                Some(c) if !c.is_empty() => c,
                _ => derived_client_id(lib.id, fields.start_date, &fields.title),
            };
            if !valid_client_id(&client_id) {
                errs.add("id_klien", "id_klien harus UUID.", "id_klien must be a UUID.");
            } else if let Some(first) = in_file.insert(client_id.clone(), line) {
                errs.add(
                    "judul",
                    &format!("Kegiatan yang sama dengan baris {first}."),
                    &format!("The same activity as row {first}."),
                );
            } else if let Some(existing) = env.store.activity_by_client_id(&client_id)? {
                if existing.library_id == lib.id {
                    skipped += 1;
                } else {
                    errs.add("id_klien", "id_klien sudah dipakai.", "id_klien is already used.");
                }
            } else if already_reported(env, lib.id, &fields)? {
                // Entered earlier through a form, or exported and imported back.
                skipped += 1;
            } else {
                let audit = AuditRecord::new(actor, AuditAction::Create, "activity", now)
                    .region(Some(lib.region_code.clone()))
                    .after(&fields);
                good.push(ImportedActivity {
                    library_id: lib.id,
                    region_code: lib.region_code,
                    client_id,
                    fields,
                    audit,
                });
            }
        }
        if !errs.0.is_empty() {
            errors.push(RowError { row: line, errors: errs.0 });
        }
    }
    let status = if submit { ReportStatus::Submitted } else { ReportStatus::Draft };
    finish(rows.len(), good.len(), skipped, errors, mode, || {
        env.store.import_activities(&good, status, actor.user_id, now)
    })
}

/// Imports monthly figures as drafts, or already submitted when `submit` is set. A month
/// already stored with the same figures is skipped; with other figures it is an error (the
/// stored report is changed through its form, where the review history stays visible).
pub fn monthly(env: &Env, actor: &Actor, rows: &[MonthlyRow], mode: ImportMode, submit: bool) -> Result<ImportReport> {
    let mut libs = Libraries { env, actor, seen: HashMap::new() };
    let (now, status) = (env.now(), if submit { ReportStatus::Submitted } else { ReportStatus::Draft });
    let mut good: Vec<ImportedMonthly> = Vec::new();
    let mut in_file: HashMap<(LibraryId, Period), usize> = HashMap::new();
    let (mut errors, mut skipped) = (Vec::new(), 0);
    for (i, row) in rows.iter().enumerate() {
        let line = i + 2;
        let mut errs = Errors::default();
        match libs.find(&row.library)? {
            Err(e) => errs.0.push(e),
            Ok(lib) => match row.input.validate(Period::of(env.today(lib.region_code.time_zone()))) {
                Err(e) => errs.extend(e)?,
                Ok((period, figures)) => {
                    if let Some(first) = in_file.insert((lib.id, period), line) {
                        errs.add(
                            "bulan",
                            &format!("Bulan yang sama dengan baris {first}."),
                            &format!("The same month as row {first}."),
                        );
                    } else if let Some(existing) = env.store.monthly_by_period(lib.id, period)? {
                        if existing.figures == figures {
                            skipped += 1;
                        } else {
                            errs.add(
                                "bulan",
                                "Laporan bulan ini sudah ada dengan angka lain; ubah lewat formulirnya.",
                                "This month is already reported with other figures; change it through its form.",
                            );
                        }
                    } else {
                        let audit = AuditRecord::new(actor, AuditAction::Create, "monthly_report", now)
                            .region(Some(lib.region_code.clone()))
                            .after(&serde_json::json!({"period": period, "figures": figures, "status": status}));
                        good.push(ImportedMonthly {
                            library_id: lib.id,
                            region_code: lib.region_code,
                            period,
                            figures,
                            // Imported straight into review: submitted now, for timeliness.
                            submitted_at: submit.then_some(now),
                            audit,
                        });
                    }
                }
            },
        }
        if !errs.0.is_empty() {
            errors.push(RowError { row: line, errors: errs.0 });
        }
    }
    finish(rows.len(), good.len(), skipped, errors, mode, || env.store.import_monthly(&good, status, now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_uuids() {
        let d = time::macros::date!(2026 - 10 - 14);
        let a = derived_client_id(LibraryId::new(7), d, "Pelatihan Membatik");
        assert!(valid_client_id(&a), "{a}");
        assert_eq!(a, derived_client_id(LibraryId::new(7), d, "  pelatihan membatik "));
        assert_ne!(a, derived_client_id(LibraryId::new(8), d, "Pelatihan Membatik"));
    }
}
