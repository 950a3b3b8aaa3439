//! Regulations a library or office promotes (Perdes, Perbup, SK…) and partnerships (MoUs):
//! who owns them is an [`Owner`] as for advocacy, and each may carry documents.
//!
//! A regulation moves draft → discussed → enacted (with its number and date), or is dropped;
//! an enacted or dropped one is final. A partnership runs for a period; its renewal is due
//! from [`RENEWAL_NOTICE_DAYS`] before it ends.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::advocacy::Owner;
use crate::error::Errors;
use crate::ids::LibraryId;
use crate::money::parse_rupiah;
use crate::region::RegionCode;
use crate::text::clean_opt;
use crate::{Error, Result};

crate::vocabulary! {
    /// Kinds of regulation, village to regency.
    RegulationLevel {
        Perdes = "perdes", "Peraturan Desa (Perdes)", "Village regulation (Perdes)";
        Perkades = "perkades", "Peraturan/Keputusan Kepala Desa", "Village head regulation or decree";
        Perbup = "perbup", "Peraturan Bupati/Wali Kota", "Regent or mayor regulation";
        Perda = "perda", "Peraturan Daerah (Perda)", "Regional regulation (Perda)";
        Sk = "sk", "Surat Keputusan (SK)", "Decree (SK)";
    }
}

crate::vocabulary! {
    /// Where a regulation stands.
    RegulationStatus {
        Draft = "draft", "Rancangan", "Draft";
        Discussed = "discussed", "Dibahas", "Under discussion";
        Enacted = "enacted", "Ditetapkan", "Enacted";
        Dropped = "dropped", "Dibatalkan", "Dropped";
    }
}

impl RegulationStatus {
    /// Enacted and dropped regulations no longer change status.
    pub fn is_final(self) -> bool {
        matches!(self, RegulationStatus::Enacted | RegulationStatus::Dropped)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Regulation {
    pub id: i64,
    pub owner: Owner,
    pub title: String,
    pub level: RegulationLevel,
    pub status: RegulationStatus,
    pub number: Option<String>,
    pub enacted_on: Option<Date>,
    /// The advocacy that pushed it.
    pub advocacy_ids: Vec<i64>,
    pub notes: Option<String>,
    pub updated_at: i64,
    pub version: i64,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RegulationInput {
    pub title: String,
    pub level: String,
    pub status: String,
    #[serde(default)]
    pub number: Option<String>,
    #[serde(default)]
    pub enacted_on: Option<String>,
    #[serde(default)]
    pub advocacy_ids: Vec<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegulationFields {
    pub title: String,
    pub level: RegulationLevel,
    pub status: RegulationStatus,
    pub number: Option<String>,
    pub enacted_on: Option<Date>,
    pub advocacy_ids: Vec<i64>,
    pub notes: Option<String>,
}

fn ids(e: &mut Errors, field: &str, v: &[String], known: &[i64]) -> Vec<i64> {
    let mut out = Vec::new();
    for s in v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match s.parse::<i64>() {
            Ok(id) if known.contains(&id) => {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
            _ => e.add(field, "Pilih dari daftar.", "Choose from the list."),
        }
    }
    out
}

impl RegulationInput {
    /// Checks a regulation; `advocacy` are the owner's advocacy activities that may be linked,
    /// `before` the stored status (a final one does not change), `today` bounds the date.
    pub fn validate(
        &self,
        advocacy: &[i64],
        before: Option<RegulationStatus>,
        today: Date,
    ) -> Result<RegulationFields> {
        let mut e = Errors::default();
        let title = e.required_text("title", &self.title, 300);
        let level = RegulationLevel::parse(&self.level);
        if level.is_none() {
            e.add("level", "Pilih jenis regulasi.", "Choose the kind of regulation.");
        }
        let status = RegulationStatus::parse(&self.status);
        if status.is_none() {
            e.add("status", "Pilih status.", "Choose a status.");
        }
        let number = clean_opt(self.number.as_deref());
        if number.as_ref().is_some_and(|n| n.chars().count() > 100) {
            e.add("number", "Nomor terlalu panjang.", "Number too long.");
        }
        let enacted_on = e.optional_date("enacted_on", self.enacted_on.as_deref());
        if enacted_on.is_some_and(|d| d > today) {
            e.add("enacted_on", "Tanggal penetapan belum terjadi.", "The enactment date is in the future.");
        }
        if status == Some(RegulationStatus::Enacted) {
            if number.is_none() {
                e.add("number", "Regulasi yang ditetapkan perlu nomornya.", "An enacted regulation needs its number.");
            }
            if enacted_on.is_none() && !e.0.iter().any(|f| f.field == "enacted_on") {
                e.add(
                    "enacted_on",
                    "Regulasi yang ditetapkan perlu tanggal penetapannya.",
                    "An enacted regulation needs its date.",
                );
            }
        }
        let advocacy_ids = ids(&mut e, "advocacy_ids", &self.advocacy_ids, advocacy);
        let notes = clean_opt(self.notes.as_deref());
        if notes.as_ref().is_some_and(|n| n.chars().count() > 2000) {
            e.add("notes", "Catatan terlalu panjang (maks. 2000 karakter).", "Notes too long (max 2000).");
        }
        if let (Some(b), Some(s)) = (before, status)
            && b.is_final()
            && b != s
        {
            return Err(Error::Conflict(format!(
                "Regulasi ini sudah berstatus '{}' sehingga statusnya tidak dapat diubah lagi.",
                b.label(crate::i18n::Lang::Id)
            )));
        }
        e.finish()?;
        let status = status.unwrap_or(RegulationStatus::Draft);
        let enacted = status == RegulationStatus::Enacted;
        Ok(RegulationFields {
            title,
            level: level.unwrap_or(RegulationLevel::Perdes),
            status,
            number: if enacted { number } else { None },
            enacted_on: if enacted { enacted_on } else { None },
            advocacy_ids,
            notes,
        })
    }
}

crate::vocabulary! {
    /// What a party brings to a partnership.
    Contribution {
        Money = "money", "Dana", "Money";
        Goods = "goods", "Barang", "Goods";
        Trainers = "trainers", "Pelatih/narasumber", "Trainers";
        Venue = "venue", "Tempat", "Venue";
        Internet = "internet", "Internet", "Internet";
    }
}

/// Days before a partnership ends from which its renewal is due.
pub const RENEWAL_NOTICE_DAYS: i64 = 60;

#[derive(Debug, Clone, Serialize)]
pub struct Partnership {
    pub id: i64,
    pub owner: Owner,
    pub title: String,
    /// The other party: an institution's name.
    pub partner: String,
    pub stakeholder_id: Option<i64>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub library_brings: Vec<Contribution>,
    pub partner_brings: Vec<Contribution>,
    pub description: Option<String>,
    /// The value of what the partner brings, integer rupiah.
    pub value: Option<i64>,
    pub updated_at: i64,
    pub version: i64,
}

/// Where a partnership stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Term {
    NotStarted,
    Active,
    /// Active, ending within [`RENEWAL_NOTICE_DAYS`]: (days left).
    RenewalDue(i64),
    Ended,
}

impl Partnership {
    pub fn term(&self, today: Date) -> Term {
        if today < self.starts_on {
            return Term::NotStarted;
        }
        match self.ends_on {
            Some(end) if today > end => Term::Ended,
            Some(end) if (end - today).whole_days() <= RENEWAL_NOTICE_DAYS => {
                Term::RenewalDue((end - today).whole_days())
            }
            _ => Term::Active,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct PartnershipInput {
    pub title: String,
    pub partner: String,
    #[serde(default)]
    pub stakeholder_id: Option<String>,
    pub starts_on: String,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub library_brings: Vec<String>,
    #[serde(default)]
    pub partner_brings: Vec<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub value: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnershipFields {
    pub title: String,
    pub partner: String,
    pub stakeholder_id: Option<i64>,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub library_brings: Vec<Contribution>,
    pub partner_brings: Vec<Contribution>,
    pub description: Option<String>,
    pub value: Option<i64>,
}

fn contributions(e: &mut Errors, field: &str, v: &[String]) -> Vec<Contribution> {
    let mut out = Vec::new();
    for s in v.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        match Contribution::parse(s) {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => e.add(field, "Pilih dari daftar kontribusi.", "Choose from the contributions."),
        }
    }
    out.sort_by_key(|c| Contribution::ALL.iter().position(|x| x == c));
    out
}

impl PartnershipInput {
    /// Checks a partnership; `stakeholders` are those the owner may name.
    pub fn validate(&self, stakeholders: &[i64]) -> Result<PartnershipFields> {
        let mut e = Errors::default();
        let title = e.required_text("title", &self.title, 300);
        let partner = e.required_text("partner", &self.partner, 200);
        let stakeholder_id = clean_opt(self.stakeholder_id.as_deref()).and_then(|s| match s.parse::<i64>() {
            Ok(id) if stakeholders.contains(&id) => Some(id),
            _ => {
                e.add(
                    "stakeholder_id",
                    "Pilih pemangku kepentingan yang terdaftar.",
                    "Choose a registered stakeholder.",
                );
                None
            }
        });
        let starts_on = e.optional_date("starts_on", Some(&self.starts_on));
        if clean_opt(Some(&self.starts_on)).is_none() {
            e.add("starts_on", "Isi tanggal mulai.", "Enter the start date.");
        }
        let ends_on = e.optional_date("ends_on", self.ends_on.as_deref());
        if let (Some(s), Some(end)) = (starts_on, ends_on)
            && end < s
        {
            e.add("ends_on", "Tanggal berakhir sebelum tanggal mulai.", "The end is before the start.");
        }
        let library_brings = contributions(&mut e, "library_brings", &self.library_brings);
        let partner_brings = contributions(&mut e, "partner_brings", &self.partner_brings);
        let value = clean_opt(self.value.as_deref()).and_then(|s| {
            let v = parse_rupiah(&s);
            if v.is_none() {
                e.add("value", "Isi rupiah sebagai bilangan bulat, mis. 25000000.", "Rupiah as a whole number.");
            }
            v
        });
        let description = clean_opt(self.description.as_deref());
        if description.as_ref().is_some_and(|d| d.chars().count() > 2000) {
            e.add("description", "Uraian terlalu panjang (maks. 2000 karakter).", "Description too long (max 2000).");
        }
        e.finish()?;
        Ok(PartnershipFields {
            title,
            partner,
            stakeholder_id,
            starts_on: starts_on.unwrap_or(Date::MIN),
            ends_on,
            library_brings,
            partner_brings,
            description,
            value,
        })
    }
}

/// Regulations or partnerships for a list: by owner and place.
#[derive(Debug, Clone, Default)]
pub struct AgreementFilter {
    pub region: Option<RegionCode>,
    pub library_id: Option<LibraryId>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn an_enacted_regulation_has_its_number_and_date_and_stays_enacted() {
        let input = RegulationInput {
            title: "Perbup tentang Perpustakaan Desa".into(),
            level: "perbup".into(),
            status: "enacted".into(),
            ..Default::default()
        };
        let today = date!(2026 - 06 - 01);
        let Err(Error::Validation(errs)) = input.validate(&[], None, today) else { panic!("must fail") };
        assert_eq!(errs.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["number", "enacted_on"]);
        let ok = RegulationInput {
            number: Some("12 Tahun 2026".into()),
            enacted_on: Some("2026-05-20".into()),
            ..input.clone()
        };
        assert_eq!(ok.validate(&[], None, today).unwrap().number.as_deref(), Some("12 Tahun 2026"));
        let back = RegulationInput { status: "draft".into(), ..ok.clone() };
        assert!(matches!(back.validate(&[], Some(RegulationStatus::Enacted), today), Err(Error::Conflict(_))));
        let draft = RegulationInput { status: "discussed".into(), ..ok };
        assert_eq!(
            draft.validate(&[], Some(RegulationStatus::Draft), today).unwrap().number,
            None,
            "a number only once enacted"
        );
    }

    #[test]
    fn a_partnership_is_due_for_renewal_before_it_ends() {
        let f = PartnershipInput {
            title: "MoU pojok baca digital".into(),
            partner: "PT Telekomunikasi".into(),
            starts_on: "2026-01-01".into(),
            ends_on: Some("2026-12-31".into()),
            partner_brings: vec!["internet".into(), "money".into(), "internet".into()],
            value: Some("Rp 24.000.000".into()),
            ..Default::default()
        }
        .validate(&[])
        .unwrap();
        assert_eq!(
            (f.partner_brings.clone(), f.value),
            (vec![Contribution::Money, Contribution::Internet], Some(24_000_000))
        );
        let p = Partnership {
            id: 1,
            owner: Owner { library_id: None, library_name: None, region_code: RegionCode::parse("35").unwrap() },
            title: f.title,
            partner: f.partner,
            stakeholder_id: None,
            starts_on: f.starts_on,
            ends_on: f.ends_on,
            library_brings: vec![],
            partner_brings: f.partner_brings,
            description: None,
            value: f.value,
            updated_at: 0,
            version: 1,
        };
        assert_eq!(p.term(date!(2025 - 12 - 31)), Term::NotStarted);
        assert_eq!(p.term(date!(2026 - 06 - 01)), Term::Active);
        assert_eq!(p.term(date!(2026 - 11 - 01)), Term::RenewalDue(60));
        assert_eq!(p.term(date!(2027 - 01 - 01)), Term::Ended);
        let bad = PartnershipInput {
            title: "x".into(),
            partner: "y".into(),
            starts_on: "2026-05-01".into(),
            ends_on: Some("2026-04-01".into()),
            ..Default::default()
        };
        assert!(bad.validate(&[]).is_err());
    }
}

crate::vocabulary! {
    /// What a document belongs to.
    DocumentOwner {
        Advocacy = "advocacy", "Advokasi", "Advocacy";
        Regulation = "regulation", "Regulasi", "Regulation";
        Partnership = "partnership", "Kemitraan", "Partnership";
    }
}

/// The largest document accepted (a scanned MoU or regulation, photos of a hearing).
pub const MAX_DOCUMENT_BYTES: usize = 20 * 1024 * 1024;

/// The kinds of file accepted, told by their first bytes, not by their name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Pdf,
    Image,
}

pub fn sniff(bytes: &[u8]) -> Option<DocumentKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(DocumentKind::Pdf)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF])
        || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"RIFF")
    {
        Some(DocumentKind::Image)
    } else {
        None
    }
}

/// A stored document.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    pub id: i64,
    pub owner: DocumentOwner,
    pub owner_id: i64,
    /// The stored file's name (random), also its address.
    pub name: String,
    /// The name it was uploaded with, cleaned.
    pub filename: String,
    pub content_type: String,
    pub bytes: i64,
    pub created_at: i64,
}

/// A document about to be stored.
#[derive(Debug, Clone)]
pub struct NewDocument {
    pub owner: DocumentOwner,
    pub owner_id: i64,
    pub name: String,
    pub filename: String,
    pub content_type: String,
    pub bytes: i64,
}

/// An uploaded file name as shown: its last path part, printable, at most 120 characters.
pub fn clean_filename(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last.chars().filter(|c| !c.is_control() && *c != '"').take(120).collect();
    if cleaned.trim().is_empty() { "dokumen".into() } else { cleaned.trim().to_string() }
}
