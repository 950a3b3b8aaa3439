//! Indonesia's administrative regions with their official dotted codes.
//!
//! Province `35`, regency/city `35.07`, district `35.07.12`, village `35.07.12.2001`.
//! A region's subtree is every code equal to it or starting with it and a dot.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{Error, Result};

/// A validated official region code in its dotted form.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a code such as `35`, `35.07`, `35.07.12` or `35.07.12.2001`.
    pub fn parse(s: &str) -> Result<Self> {
        let s = s.trim();
        let parts: Vec<&str> = s.split('.').collect();
        let widths = [2usize, 2, 2, 4];
        let ok = !parts.is_empty()
            && parts.len() <= 4
            && parts.iter().zip(widths).all(|(p, w)| p.len() == w && p.bytes().all(|b| b.is_ascii_digit()));
        if ok {
            Ok(RegionCode(s.to_string()))
        } else {
            Err(Error::field(
                "region_code",
                "Kode wilayah tidak sah; gunakan bentuk resmi bertitik, mis. 35.07.12.2001.",
                "Invalid region code; use the official dotted form, e.g. 35.07.12.2001.",
            ))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn level(&self) -> RegionLevel {
        match self.0.matches('.').count() {
            0 => RegionLevel::Province,
            1 => RegionLevel::Regency,
            2 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }
    pub fn parent(&self) -> Option<RegionCode> {
        self.0.rfind('.').map(|i| RegionCode(self.0[..i].to_string()))
    }
    pub fn province(&self) -> RegionCode {
        RegionCode(self.0[..2].to_string())
    }
    /// Whether `other` lies in this region's subtree (or is this region).
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0 == self.0 || (other.0.starts_with(&self.0) && other.0.as_bytes()[self.0.len()] == b'.')
    }
    /// The codes from the province down to this region, inclusive.
    pub fn ancestry(&self) -> Vec<RegionCode> {
        let mut out: Vec<RegionCode> = (0..self.0.len())
            .filter(|&i| self.0.as_bytes()[i] == b'.')
            .map(|i| RegionCode(self.0[..i].to_string()))
            .collect();
        out.push(self.clone());
        out
    }
    pub fn time_zone(&self) -> TimeZone {
        TimeZone::for_province(&self.0[..2])
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
impl TryFrom<String> for RegionCode {
    type Error = String;
    fn try_from(s: String) -> std::result::Result<Self, String> {
        RegionCode::parse(&s).map_err(|_| format!("invalid region code: {s}"))
    }
}
impl From<RegionCode> for String {
    fn from(c: RegionCode) -> String {
        c.0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Regency,
    District,
    Village,
}

impl RegionLevel {
    pub const ALL: [RegionLevel; 4] =
        [RegionLevel::Province, RegionLevel::Regency, RegionLevel::District, RegionLevel::Village];

    /// The level's name in the API and files (as serialised).
    pub fn code(self) -> &'static str {
        match self {
            RegionLevel::Province => "province",
            RegionLevel::Regency => "regency",
            RegionLevel::District => "district",
            RegionLevel::Village => "village",
        }
    }

    pub fn parse(s: &str) -> Option<RegionLevel> {
        Self::ALL.into_iter().find(|l| l.code() == s.trim())
    }

    pub fn from_depth(depth: i64) -> RegionLevel {
        match depth {
            1 => RegionLevel::Province,
            2 => RegionLevel::Regency,
            3 => RegionLevel::District,
            _ => RegionLevel::Village,
        }
    }
    pub fn depth(self) -> i64 {
        self as i64 + 1
    }
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            RegionLevel::Province => lang.t("Provinsi", "Province"),
            RegionLevel::Regency => lang.t("Kabupaten/Kota", "Regency/City"),
            RegionLevel::District => lang.t("Kecamatan", "District"),
            RegionLevel::Village => lang.t("Desa/Kelurahan", "Village/Ward"),
        }
    }
    pub fn child(self) -> Option<RegionLevel> {
        match self {
            RegionLevel::Province => Some(RegionLevel::Regency),
            RegionLevel::Regency => Some(RegionLevel::District),
            RegionLevel::District => Some(RegionLevel::Village),
            RegionLevel::Village => None,
        }
    }
}

/// How long the codes of `parent`'s children are (`None`: the provinces, 2); a village's
/// "children" are the village itself (13), so grouping by that prefix keeps it whole.
pub fn child_code_len(parent: Option<&RegionCode>) -> usize {
    match parent.map(|p| p.as_str().len()) {
        None => 2,
        Some(2) => 5,
        Some(5) => 8,
        _ => 13,
    }
}

/// What a regency or village is: *kabupaten* or *kota*; *desa* or *kelurahan*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionKind {
    Kabupaten,
    Kota,
    Desa,
    Kelurahan,
}

impl RegionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RegionKind::Kabupaten => "kabupaten",
            RegionKind::Kota => "kota",
            RegionKind::Desa => "desa",
            RegionKind::Kelurahan => "kelurahan",
        }
    }
    pub fn parse(s: &str) -> Option<RegionKind> {
        Some(match s {
            "kabupaten" => RegionKind::Kabupaten,
            "kota" => RegionKind::Kota,
            "desa" => RegionKind::Desa,
            "kelurahan" => RegionKind::Kelurahan,
            _ => return None,
        })
    }
    /// Derives the kind from the official code and name: a village part starting with 1 is a
    /// kelurahan, with 2 a desa; a regency named "Kota …" is a city.
    pub fn derive(code: &str, name: &str) -> Option<RegionKind> {
        match code.matches('.').count() {
            1 => Some(if name.starts_with("Kota ") { RegionKind::Kota } else { RegionKind::Kabupaten }),
            3 => Some(if code.rsplit('.').next()?.starts_with('1') { RegionKind::Kelurahan } else { RegionKind::Desa }),
            _ => None,
        }
    }
}

/// Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimeZone {
    Wib,
    Wita,
    Wit,
}

impl TimeZone {
    /// The zone of a province by its two-digit code (Permendagri zoning).
    pub fn for_province(code: &str) -> TimeZone {
        match code {
            "51" | "52" | "53" | "63" | "64" | "65" | "71" | "72" | "73" | "74" | "75" | "76" => TimeZone::Wita,
            "81" | "82" | "91" | "92" | "93" | "94" | "95" | "96" => TimeZone::Wit,
            _ => TimeZone::Wib,
        }
    }
    pub fn utc_offset_hours(self) -> i8 {
        match self {
            TimeZone::Wib => 7,
            TimeZone::Wita => 8,
            TimeZone::Wit => 9,
        }
    }
    /// The zone's place in per-zone arrays (WIB, WITA, WIT), such as `monthly::deadlines`.
    pub fn index(self) -> usize {
        match self {
            TimeZone::Wib => 0,
            TimeZone::Wita => 1,
            TimeZone::Wit => 2,
        }
    }
    pub fn abbrev(self) -> &'static str {
        match self {
            TimeZone::Wib => "WIB",
            TimeZone::Wita => "WITA",
            TimeZone::Wit => "WIT",
        }
    }
}

/// One region as stored.
#[derive(Debug, Clone, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub kind: Option<RegionKind>,
}

impl Region {
    pub fn time_zone(&self) -> TimeZone {
        self.code.time_zone()
    }
}

/// A region with how many libraries lie in its subtree (for browsing).
#[derive(Debug, Clone, Serialize)]
pub struct RegionWithCount {
    #[serde(flatten)]
    pub region: Region,
    pub library_count: i64,
}

/// Official region counts that the shipped list must match.
pub const EXPECTED_COUNTS: [(RegionLevel, i64); 4] = [
    (RegionLevel::Province, 38),
    (RegionLevel::Regency, 514),
    (RegionLevel::District, 7285),
    (RegionLevel::Village, 83762),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_dotted_codes_only() {
        for ok in ["35", "35.07", "35.07.12", "35.07.12.2001"] {
            assert!(RegionCode::parse(ok).is_ok(), "{ok}");
        }
        for bad in ["", "3", "350", "35.7", "35.07.12.201", "35.07.12.2001.1", "35-07", "ab", "35.07."] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn subtree_and_ancestry() {
        let p = RegionCode::parse("35").unwrap();
        let v = RegionCode::parse("35.07.12.2001").unwrap();
        let other = RegionCode::parse("35.10").unwrap();
        assert!(p.contains(&v));
        assert!(RegionCode::parse("35.0").is_err());
        assert!(!RegionCode::parse("35.07").unwrap().contains(&RegionCode::parse("35.70").unwrap()));
        assert!(!v.contains(&p));
        assert!(p.contains(&other));
        let a: Vec<String> = v.ancestry().into_iter().map(String::from).collect();
        assert_eq!(a, ["35", "35.07", "35.07.12", "35.07.12.2001"]);
        assert_eq!(v.level(), RegionLevel::Village);
        assert_eq!(v.parent().unwrap().as_str(), "35.07.12");
    }

    #[test]
    fn kinds_and_zones() {
        assert_eq!(RegionKind::derive("35.07.12.2001", "X"), Some(RegionKind::Desa));
        assert_eq!(RegionKind::derive("35.78.01.1001", "X"), Some(RegionKind::Kelurahan));
        assert_eq!(RegionKind::derive("35.78", "Kota Surabaya"), Some(RegionKind::Kota));
        assert_eq!(TimeZone::for_province("35"), TimeZone::Wib);
        assert_eq!(TimeZone::for_province("51"), TimeZone::Wita);
        assert_eq!(TimeZone::for_province("94"), TimeZone::Wit);
        assert_eq!(TimeZone::for_province("61"), TimeZone::Wib);
    }
}
