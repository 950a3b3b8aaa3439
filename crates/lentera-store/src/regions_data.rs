//! The official region list shipped inside the binary (ODbL; see data/regions/LICENSE.md).
//! Source: the npm package idn-area-data 4.0.1, compiled from Kemendagri's codes.

use lentera_core::region::{RegionCode, RegionKind};
use lentera_core::{Error, Result};

pub const PROVINCES: &str = include_str!("../../../data/regions/provinces.csv");
pub const REGENCIES: &str = include_str!("../../../data/regions/regencies.csv");
pub const DISTRICTS: &str = include_str!("../../../data/regions/districts.csv");
pub const VILLAGES: &str = include_str!("../../../data/regions/villages.csv");

/// The attribution to show wherever the region data is shown or shipped.
pub const NOTICE: &str = "Data wilayah: idn-area-data 4.0.1 (kode Kemendagri), Open Database License (ODbL) 1.0.";

pub struct RegionRow {
    pub code: String,
    pub parent: Option<String>,
    pub name: String,
    pub kind: Option<RegionKind>,
}

/// Reads the four files with a real CSV parser (names hold commas and doubled quotes).
pub fn rows() -> Result<Vec<RegionRow>> {
    let mut out = Vec::with_capacity(92_000);
    for (text, has_parent) in [(PROVINCES, false), (REGENCIES, true), (DISTRICTS, true), (VILLAGES, true)] {
        let mut rdr = csv::Reader::from_reader(text.as_bytes());
        for rec in rdr.records() {
            let rec = rec.map_err(Error::unexpected)?;
            let code = rec.get(0).unwrap_or_default().to_string();
            RegionCode::parse(&code).map_err(|_| Error::unexpected(format!("bad region code {code}")))?;
            let (parent, name) = if has_parent {
                (Some(rec.get(1).unwrap_or_default().to_string()), rec.get(2).unwrap_or_default().to_string())
            } else {
                (None, rec.get(1).unwrap_or_default().to_string())
            };
            let kind = RegionKind::derive(&code, &name);
            out.push(RegionRow { code, parent, name, kind });
        }
    }
    Ok(out)
}
