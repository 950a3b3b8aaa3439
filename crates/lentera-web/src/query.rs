//! Query parameters of the library list, shared by pages, exports and the API.

use lentera_core::Result;
use lentera_core::error::Errors;
use lentera_core::library::{LibraryFilter, LibrarySort, LibraryStatus, LibraryType, PageRequest, ProgrammeTier};
use lentera_core::region::RegionCode;
use serde::Deserialize;

#[derive(Debug, Default, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LibraryQuery {
    /// Region code; libraries in its subtree (a region outside the caller's scope answers 403).
    #[param(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    pub region: Option<String>,
    /// Library type code.
    #[serde(rename = "type")]
    #[param(rename = "type", value_type = Option<crate::vocab::LibraryTypeCode>)]
    pub library_type: Option<String>,
    #[param(value_type = Option<crate::vocab::LibraryStatusCode>)]
    pub status: Option<String>,
    /// Year the library joined TPBIS.
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2200)]
    pub programme_year: Option<String>,
    #[param(value_type = Option<crate::vocab::ProgrammeTierCode>)]
    pub programme_tier: Option<String>,
    /// `true`: only programme members.
    #[param(value_type = Option<bool>)]
    pub in_programme: Option<String>,
    /// Libraries whose KTAK figures for this year are missing or incomplete.
    #[param(value_type = Option<i32>, minimum = 1900, maximum = 2200)]
    pub missing_ktak_year: Option<String>,
    /// Text in the name or NPP.
    #[param(min_length = 1)]
    pub q: Option<String>,
    #[param(value_type = Option<crate::vocab::SortCode>)]
    pub sort: Option<String>,
    /// Page number.
    #[param(value_type = Option<i64>, minimum = 1, maximum = 1000000)]
    pub page: Option<String>,
    /// Page size (default 25).
    #[param(value_type = Option<i64>, minimum = 1, maximum = 200)]
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
        f.in_programme = match blank(&self.in_programme) {
            None | Some("false" | "0" | "tidak" | "off") => false,
            Some("true" | "1" | "ya" | "on") => true,
            Some(_) => {
                errs.add("in_programme", "Isi true atau false.", "Use true or false.");
                false
            }
        };
        f.query = blank(&self.q).map(|q| q.chars().take(100).collect());
        if let Some(s) = blank(&self.sort) {
            match LibrarySort::parse(s) {
                Some(s) => f.sort = s,
                None => errs.add("sort", "Urutan tidak dikenal.", "Unknown sort order."),
            }
        }
        let num = |errs: &mut Errors, field: &str, v: &Option<String>, max: i64| -> Option<i64> {
            let s = blank(v)?;
            match s.parse::<i64>() {
                Ok(n) if (1..=max).contains(&n) => Some(n),
                _ => {
                    errs.add(
                        field,
                        &format!("Harus bilangan bulat 1–{max}."),
                        &format!("Must be a whole number 1–{max}."),
                    );
                    None
                }
            }
        };
        let page = PageRequest::new(
            num(&mut errs, "page", &self.page, 1_000_000),
            num(&mut errs, "per_page", &self.per_page, PageRequest::MAX_PER_PAGE),
        );
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
