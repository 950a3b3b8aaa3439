//! Query parameters of the library list, shared by pages, exports and the API.

use lentera_core::Result;
use lentera_core::error::Errors;
use lentera_core::library::{LibraryFilter, LibrarySort, LibraryStatus, LibraryType, PageRequest, ProgrammeTier};
use lentera_core::region::RegionCode;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryQuery {
    /// Region code; libraries in its subtree.
    pub region: Option<String>,
    /// Library type code, e.g. `umum_desa`.
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub library_type: Option<String>,
    /// Status code: aktif, tidak_aktif, tutup, dilikuidasi.
    pub status: Option<String>,
    /// Year the library joined TPBIS.
    pub programme_year: Option<String>,
    /// Programme tier: penuh, buku, replikasi_apbd, replikasi_mandiri.
    pub programme_tier: Option<String>,
    /// `true`: only programme members.
    pub in_programme: Option<String>,
    /// Libraries whose KTAK figures for this year are missing or incomplete.
    pub missing_ktak_year: Option<String>,
    /// Text in the name or NPP.
    pub q: Option<String>,
    /// name, name_desc, region, type, updated, programme_year.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<String>,
    /// Page size, 1–200 (default 25).
    pub per_page: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl LibraryQuery {
    pub fn to_filter(&self) -> Result<(LibraryFilter, PageRequest)> {
        let mut errs = Errors::default();
        let mut f = LibraryFilter::default();
        if let Some(r) = blank(&self.region) {
            match RegionCode::parse(r) {
                Ok(c) => f.region = Some(c),
                Err(_) => errs.add("region", "Kode wilayah tidak sah.", "Invalid region code."),
            }
        }
        if let Some(t) = blank(&self.library_type) {
            f.library_type = LibraryType::parse(t);
            if f.library_type.is_none() {
                errs.add("type", "Jenis perpustakaan tidak dikenal.", "Unknown library type.");
            }
        }
        if let Some(s) = blank(&self.status) {
            f.status = LibraryStatus::parse(s);
            if f.status.is_none() {
                errs.add("status", "Status tidak dikenal.", "Unknown status.");
            }
        }
        let year = |errs: &mut Errors, field: &str, v: &Option<String>| -> Option<i32> {
            let s = blank(v)?;
            match s.parse::<i32>() {
                Ok(y) if (1900..=2200).contains(&y) => Some(y),
                _ => {
                    errs.add(field, "Tahun tidak sah.", "Invalid year.");
                    None
                }
            }
        };
        f.programme_year = year(&mut errs, "programme_year", &self.programme_year);
        f.missing_ktak_year = year(&mut errs, "missing_ktak_year", &self.missing_ktak_year);
        if let Some(t) = blank(&self.programme_tier) {
            f.programme_tier = ProgrammeTier::parse(t);
            if f.programme_tier.is_none() {
                errs.add("programme_tier", "Jenis dukungan tidak dikenal.", "Unknown programme tier.");
            }
        }
        f.in_programme = matches!(blank(&self.in_programme), Some("true" | "1" | "ya" | "on"));
        f.query = blank(&self.q).map(|q| q.chars().take(100).collect());
        if let Some(s) = blank(&self.sort) {
            match LibrarySort::parse(s) {
                Some(s) => f.sort = s,
                None => errs.add("sort", "Urutan tidak dikenal.", "Unknown sort order."),
            }
        }
        let num = |errs: &mut Errors, field: &str, v: &Option<String>| -> Option<i64> {
            let s = blank(v)?;
            match s.parse::<i64>() {
                Ok(n) if n >= 1 => Some(n),
                _ => {
                    errs.add(field, "Harus bilangan bulat positif.", "Must be a positive whole number.");
                    None
                }
            }
        };
        let page = PageRequest::new(num(&mut errs, "page", &self.page), num(&mut errs, "per_page", &self.per_page));
        errs.finish()?;
        Ok((f, page))
    }

    /// The filters as a query string (without page), for pager and export links.
    pub fn base_query(&self) -> String {
        let pairs = [
            ("region", &self.region),
            ("type", &self.library_type),
            ("status", &self.status),
            ("programme_year", &self.programme_year),
            ("programme_tier", &self.programme_tier),
            ("in_programme", &self.in_programme),
            ("missing_ktak_year", &self.missing_ktak_year),
            ("q", &self.q),
            ("sort", &self.sort),
            ("per_page", &self.per_page),
        ];
        pairs
            .iter()
            .filter_map(|(k, v)| blank(v).map(|v| format!("{k}={}", crate::html::urlencode(v))))
            .collect::<Vec<_>>()
            .join("&")
    }
}
