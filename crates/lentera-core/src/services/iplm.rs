//! IPLM per province and regency/city for a year and method, computed live from the
//! libraries' KTAK figures, the approved reports and the population figures (AM); with the
//! inputs behind each number and the fill rate. Provinces are computed from their own totals,
//! never as the mean of their regencies (as the published figures are).

use std::collections::BTreeMap;

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::error::Errors;
use crate::iplm::{Computed, Group, GroupInputs, Method, RegionInputs, built_in};
use crate::region::{RegionCode, RegionLevel};
use crate::services::Env;
use crate::services::regions;
use crate::user::Scope;
use crate::{Error, Result};

#[derive(Debug, Clone, serde::Serialize)]
pub struct RegionIndex {
    pub code: RegionCode,
    pub name: String,
    /// The officially published value, when stored.
    pub published: Option<f64>,
    pub inputs: RegionInputs,
    pub computed: Computed,
}

/// The method for a code, or the built-in one covering the year.
pub fn method(code: Option<&str>, year: i32) -> Result<Method> {
    let all = built_in();
    match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => all
            .into_iter()
            .find(|m| m.code == c)
            .ok_or_else(|| Error::field("metode", "Metode IPLM tidak dikenal.", "Unknown IPLM method.")),
        None => all.iter().find(|m| m.covers(year)).or(all.last()).cloned().ok_or(Error::NotFound),
    }
}

/// Every province and regency/city in the actor's scope with its index.
pub fn regions_index(env: &Env, actor: &Actor, year: i32, method: &Method) -> Result<Vec<RegionIndex>> {
    if matches!(actor.scope, Scope::Library { .. }) {
        return Err(Error::Forbidden);
    }
    let mut inputs: BTreeMap<String, RegionInputs> = BTreeMap::new();
    let add_group = |code: &str, g: Group, i: GroupInputs, inputs: &mut BTreeMap<String, RegionInputs>| {
        let r = inputs.entry(code.to_string()).or_default();
        match r.groups.iter_mut().find(|(x, _)| *x == g) {
            Some((_, acc)) => *acc += i,
            None => r.groups.push((g, i)),
        }
    };
    // The index counts the libraries in operation.
    for (regency, t, i) in env.store.ktak_by_regency(year, crate::library::LibraryStatus::Active)? {
        let Some(g) = Group::of(t) else { continue };
        add_group(regency.as_str(), g, i, &mut inputs);
        add_group(regency.province().as_str(), g, i, &mut inputs);
    }
    for (regency, a, m) in env.store.reports_by_regency(year)? {
        for code in [regency.to_string(), regency.province().to_string()] {
            let r = inputs.entry(code).or_default();
            r.activities += a.activities;
            r.participants += a.participants();
            r.loans += m.loans;
            r.ict_users += m.ict_users;
            r.visitors += m.visitors();
        }
    }
    // Population: a province's own figure when given, otherwise the sum of its regencies'.
    let population = env.store.population(year)?;
    let mut summed: BTreeMap<(String, Group), i64> = BTreeMap::new();
    for (code, g, n) in &population {
        if code.level() == RegionLevel::Regency {
            *summed.entry((code.province().to_string(), *g)).or_default() += n;
        }
        if code.level() <= RegionLevel::Regency {
            inputs.entry(code.to_string()).or_default().population.push((*g, *n));
        }
    }
    for ((province, g), n) in summed {
        let r = inputs.entry(province).or_default();
        if !r.population.iter().any(|(x, _)| *x == g) {
            r.population.push((g, n));
        }
    }
    let published = env.store.published_iplm(year)?;
    let provinces = regions::children(env, None)?;
    let mut out = Vec::new();
    for p in &provinces {
        let mut codes = vec![(p.region.code.clone(), p.region.name.clone())];
        codes.extend(
            regions::children(env, Some(p.region.code.as_str()))?.into_iter().map(|c| (c.region.code, c.region.name)),
        );
        for (code, name) in codes {
            if !actor.covers_region(&code) && !code.contains(actor.scope_region.as_ref().unwrap_or(&code)) {
                continue;
            }
            let i = inputs.get(code.as_str()).cloned().unwrap_or_default();
            let published = published.iter().find(|(c, _)| *c == code).map(|(_, v)| *v);
            out.push(RegionIndex { computed: method.compute(&i), inputs: i, code, name, published });
        }
    }
    Ok(out)
}

/// Reads population rows (`kode_wilayah`, `tahun`, `kelompok`, `jumlah`) and saves them, all
/// or none. Coordinators load figures for regions in their scope.
pub fn import_population(env: &Env, actor: &Actor, rows: &[Vec<String>]) -> Result<usize> {
    actor.require(actor.role.is_coordinator())?;
    let Some((header, body)) = rows.split_first() else {
        return Err(Error::field("file", "Berkas kosong.", "The file is empty."));
    };
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(c_region), Some(c_year), Some(c_group), Some(c_n)) =
        (col("kode_wilayah"), col("tahun"), col("kelompok"), col("jumlah"))
    else {
        return Err(Error::field(
            "file",
            "Kolom wajib: kode_wilayah, tahun, kelompok (umum/sekolah/perguruan_tinggi/khusus), jumlah.",
            "Required columns: kode_wilayah, tahun, kelompok, jumlah.",
        ));
    };
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for (i, row) in body.iter().enumerate() {
        let cell = |c: usize| row.get(c).map(|s| s.trim()).unwrap_or("");
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let line = i + 2;
        let region = RegionCode::parse(cell(c_region)).ok().filter(|r| r.level() <= RegionLevel::Regency);
        let year = cell(c_year).parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
        let group = Group::parse(cell(c_group));
        let n = cell(c_n).replace('.', "").parse::<i64>().ok().filter(|n| *n >= 0);
        match (region, year, group, n) {
            (Some(r), Some(y), Some(g), Some(n)) => {
                if !actor.covers_region(&r) {
                    errors.add(
                        "file",
                        &format!("Baris {line}: wilayah {r} di luar cakupan Anda."),
                        &format!("Row {line}: region {r} is outside your scope."),
                    );
                } else {
                    out.push((r, y, g, n));
                }
            }
            _ => errors.add(
                "file",
                &format!("Baris {line}: periksa kode wilayah (provinsi/kabupaten), tahun, kelompok dan jumlah."),
                &format!("Row {line}: check the region code (province/regency), year, group and number."),
            ),
        }
    }
    errors.finish()?;
    no_rows(out.is_empty())?;
    let audit = AuditRecord::new(actor, AuditAction::Update, "population", env.now())
        .after(&serde_json::json!({"rows": out.len()}));
    env.store.save_population(&out, audit)
}

/// Reads published values (`kode_wilayah`, `tahun`, `nilai`) and saves them, all or none.
/// National administrators only: these are Perpusnas's published figures.
pub fn import_published(env: &Env, actor: &Actor, rows: &[Vec<String>]) -> Result<usize> {
    actor.require(actor.role == crate::user::Role::NationalAdmin)?;
    let Some((header, body)) = rows.split_first() else {
        return Err(Error::field("file", "Berkas kosong.", "The file is empty."));
    };
    let col = |name: &str| header.iter().position(|h| h.trim().eq_ignore_ascii_case(name));
    let (Some(c_region), Some(c_year), Some(c_value)) = (col("kode_wilayah"), col("tahun"), col("nilai")) else {
        return Err(Error::field(
            "file",
            "Kolom wajib: kode_wilayah, tahun, nilai.",
            "Required columns: kode_wilayah, tahun, nilai.",
        ));
    };
    let mut errors = Errors::default();
    let mut out = Vec::new();
    for (i, row) in body.iter().enumerate() {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |c: usize| row.get(c).map(|s| s.trim()).unwrap_or("");
        let region = RegionCode::parse(cell(c_region)).ok().filter(|r| r.level() <= RegionLevel::Regency);
        let year = cell(c_year).parse::<i32>().ok().filter(|y| (2018..=2100).contains(y));
        let value = cell(c_value).replace(',', ".").parse::<f64>().ok().filter(|v| (0.0..=1000.0).contains(v));
        match (region, year, value) {
            (Some(r), Some(y), Some(v)) => out.push((r, y, v)),
            _ => errors.add(
                "file",
                &format!("Baris {}: periksa kode wilayah, tahun dan nilai.", i + 2),
                &format!("Row {}: check the region code, year and value.", i + 2),
            ),
        }
    }
    errors.finish()?;
    no_rows(out.is_empty())?;
    let audit = AuditRecord::new(actor, AuditAction::Update, "iplm_published", env.now())
        .after(&serde_json::json!({"rows": out.len()}));
    env.store.save_published_iplm(&out, audit)
}

/// A file without data rows is refused (it would change nothing and say nothing).
fn no_rows(empty: bool) -> Result<()> {
    if empty { Err(Error::field("file", "Tidak ada baris data.", "No data rows.")) } else { Ok(()) }
}
