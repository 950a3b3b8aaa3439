//! The library registry: types, statuses, NPP, programme membership and yearly KTAK figures.

use serde::{Deserialize, Serialize};

use crate::error::Errors;
use crate::ids::LibraryId;
use crate::region::RegionCode;
use crate::text::clean_opt;
use crate::{Error, Result};

crate::vocabulary! {
    /// Library types under the Library Law (UU 43/2007), plus community reading parks.
    LibraryType {
        National = "nasional", "Perpustakaan Nasional", "National library";
        Province = "umum_provinsi", "Umum provinsi", "Public, provincial";
        RegencyCity = "umum_kabkota", "Umum kabupaten/kota", "Public, regency/city";
        District = "umum_kecamatan", "Umum kecamatan", "Public, district";
        Village = "umum_desa", "Umum desa/kelurahan", "Public, village/ward";
        SchoolPrimary = "sekolah_sd", "Sekolah SD/MI", "School, primary (SD/MI)";
        SchoolJunior = "sekolah_smp", "Sekolah SMP/MTs", "School, junior (SMP/MTs)";
        SchoolSenior = "sekolah_sma", "Sekolah SMA/SMK/MA", "School, senior (SMA/SMK/MA)";
        University = "perguruan_tinggi", "Perguruan tinggi", "University";
        Special = "khusus", "Khusus", "Special";
        Tbm = "tbm", "Taman Bacaan Masyarakat (TBM)", "Community reading park (TBM)";
    }
}

crate::vocabulary! {
    LibraryStatus {
        Active = "aktif", "Aktif", "Active";
        Inactive = "tidak_aktif", "Tidak aktif", "Inactive";
        Closed = "tutup", "Tutup", "Closed";
        Liquidated = "dilikuidasi", "Dilikuidasi", "Liquidated";
    }
}

/// A selection of programme libraries, rendered by the store once: members in a status,
/// optionally only those that had joined by a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgrammeLibraries {
    pub status: LibraryStatus,
    pub joined_by: Option<i32>,
}

impl ProgrammeLibraries {
    /// The programme's members as registered now: the active ones.
    pub const fn members() -> Self {
        ProgrammeLibraries { status: LibraryStatus::Active, joined_by: None }
    }

    /// The libraries expected to report a month of `year`: active members that had joined by
    /// then. Completeness, timeliness, KPI colours and the reporting indicators count against
    /// it.
    pub const fn expected_to_report(year: i32) -> Self {
        ProgrammeLibraries { status: LibraryStatus::Active, joined_by: Some(year) }
    }

    /// Whether one library belongs to the selection.
    pub fn contains(&self, status: LibraryStatus, programme_year: Option<i32>) -> bool {
        status == self.status && programme_year.is_some_and(|y| self.joined_by.is_none_or(|by| y <= by))
    }
}

crate::vocabulary! {
    /// The support a library receives when it joins TPBIS.
    ProgrammeTier {
        Full = "penuh", "Dukungan penuh", "Full support";
        BooksOnly = "buku", "Bantuan buku", "Books only";
        ReplicationApbd = "replikasi_apbd", "Replikasi APBD", "Replication (APBD)";
        ReplicationSelf = "replikasi_mandiri", "Replikasi mandiri", "Self-funded replication";
    }
}

/// The first year a library can have joined TPBIS (the programme began in 2018).
pub const FIRST_PROGRAMME_YEAR: i32 = 2018;

/// A National Library identity number, stored as an opaque string (never parsed for meaning).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Npp(pub String);

impl Npp {
    pub fn parse(s: &str) -> Result<Option<Npp>> {
        let s = s.trim();
        if s.is_empty() {
            return Ok(None);
        }
        if s.len() > 32 || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
            return Err(Error::field(
                "npp",
                "NPP hanya boleh berisi huruf, angka, titik atau tanda hubung (maks. 32).",
                "NPP may contain only letters, digits, dots or hyphens (max 32).",
            ));
        }
        Ok(Some(Npp(s.to_ascii_uppercase())))
    }
}

/// A library as stored in the registry.
#[derive(Debug, Clone, Serialize)]
pub struct Library {
    pub id: LibraryId,
    pub name: String,
    pub library_type: LibraryType,
    pub status: LibraryStatus,
    pub npp: Option<String>,
    pub region_code: RegionCode,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub parent_institution: Option<String>,
    pub founded_year: Option<i32>,
    pub head_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub opening_days: Option<String>,
    pub building_area_m2: Option<i64>,
    pub programme_year: Option<i32>,
    pub programme_tier: Option<ProgrammeTier>,
    pub created_at: i64,
    pub updated_at: i64,
    /// Incremented on every change; an edit based on an older version is refused.
    pub version: i64,
}

/// A library with the region names needed to display it in lists.
#[derive(Debug, Clone, Serialize)]
pub struct LibrarySummary {
    pub id: LibraryId,
    pub name: String,
    pub library_type: LibraryType,
    pub status: LibraryStatus,
    pub npp: Option<String>,
    pub region_code: RegionCode,
    pub region_name: String,
    pub programme_year: Option<i32>,
    pub programme_tier: Option<ProgrammeTier>,
    pub updated_at: i64,
}

/// The editable fields of a library, as entered in a form, payload or import row.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct LibraryInput {
    pub name: String,
    pub library_type: String,
    pub status: String,
    #[serde(default)]
    pub npp: Option<String>,
    pub region_code: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub latitude: Option<String>,
    #[serde(default)]
    pub longitude: Option<String>,
    #[serde(default)]
    pub parent_institution: Option<String>,
    #[serde(default)]
    pub founded_year: Option<String>,
    #[serde(default)]
    pub head_name: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub opening_days: Option<String>,
    #[serde(default)]
    pub building_area_m2: Option<String>,
    #[serde(default)]
    pub programme_year: Option<String>,
    #[serde(default)]
    pub programme_tier: Option<String>,
}

/// Validated library fields, ready to store.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LibraryFields {
    pub name: String,
    pub library_type: LibraryType,
    pub status: LibraryStatus,
    pub npp: Option<String>,
    pub region_code: RegionCode,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub parent_institution: Option<String>,
    pub founded_year: Option<i32>,
    pub head_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub opening_days: Option<String>,
    pub building_area_m2: Option<i64>,
    pub programme_year: Option<i32>,
    pub programme_tier: Option<ProgrammeTier>,
}

fn parse_num<T: std::str::FromStr>(
    errs: &mut Errors,
    field: &str,
    v: &Option<String>,
    id: &str,
    en: &str,
) -> Option<T> {
    let s = clean_opt(v.as_deref())?;
    match s.replace(',', ".").parse::<T>() {
        Ok(n) => Some(n),
        Err(_) => {
            errs.add(field, id, en);
            None
        }
    }
}

impl LibraryInput {
    /// Parses and checks every field; all problems are reported together. `current_year`
    /// bounds the founding and programme years. Region existence is checked by the service.
    pub fn validate(&self, current_year: i32) -> Result<LibraryFields> {
        let mut errs = Errors::default();
        let name = self.name.trim().to_string();
        if name.is_empty() {
            errs.add("name", "Nama perpustakaan wajib diisi.", "Library name is required.");
        } else if name.chars().count() > 200 {
            errs.add("name", "Nama terlalu panjang (maks. 200 karakter).", "Name too long (max 200 characters).");
        }
        let library_type = LibraryType::parse(&self.library_type);
        if library_type.is_none() {
            errs.add("library_type", "Pilih jenis perpustakaan.", "Choose a library type.");
        }
        let status = if self.status.trim().is_empty() {
            Some(LibraryStatus::Active)
        } else {
            LibraryStatus::parse(&self.status)
        };
        if status.is_none() {
            errs.add("status", "Status tidak dikenal.", "Unknown status.");
        }
        let npp = match Npp::parse(self.npp.as_deref().unwrap_or("")) {
            Ok(n) => n.map(|n| n.0),
            Err(e) => {
                errs.extend(e)?;
                None
            }
        };
        let region_code = match RegionCode::parse(&self.region_code) {
            Ok(c) => Some(c),
            Err(e) => {
                errs.extend(e)?;
                None
            }
        };
        let latitude: Option<f64> = parse_num(
            &mut errs,
            "latitude",
            &self.latitude,
            "Lintang harus berupa angka.",
            "Latitude must be a number.",
        );
        if latitude.is_some_and(|v| !(-11.5..=6.5).contains(&v)) {
            errs.add(
                "latitude",
                "Lintang di luar wilayah Indonesia (-11,5 s.d. 6,5).",
                "Latitude outside Indonesia (-11.5 to 6.5).",
            );
        }
        let longitude: Option<f64> = parse_num(
            &mut errs,
            "longitude",
            &self.longitude,
            "Bujur harus berupa angka.",
            "Longitude must be a number.",
        );
        if longitude.is_some_and(|v| !(94.0..=141.5).contains(&v)) {
            errs.add(
                "longitude",
                "Bujur di luar wilayah Indonesia (94 s.d. 141,5).",
                "Longitude outside Indonesia (94 to 141.5).",
            );
        }
        let founded_year: Option<i32> = parse_num(
            &mut errs,
            "founded_year",
            &self.founded_year,
            "Tahun berdiri harus berupa angka.",
            "Year founded must be a number.",
        );
        if founded_year.is_some_and(|y| !(1800..=current_year).contains(&y)) {
            errs.add("founded_year", "Tahun berdiri tidak masuk akal.", "Year founded is not plausible.");
        }
        let building_area_m2: Option<i64> = parse_num(
            &mut errs,
            "building_area_m2",
            &self.building_area_m2,
            "Luas gedung harus bilangan bulat (m²).",
            "Building area must be a whole number (m²).",
        );
        if building_area_m2.is_some_and(|a| !(0..=1_000_000).contains(&a)) {
            errs.add("building_area_m2", "Luas gedung tidak masuk akal.", "Building area is not plausible.");
        }
        let programme_year: Option<i32> = parse_num(
            &mut errs,
            "programme_year",
            &self.programme_year,
            "Tahun program harus berupa angka.",
            "Programme year must be a number.",
        );
        if programme_year.is_some_and(|y| !(FIRST_PROGRAMME_YEAR..=current_year + 1).contains(&y)) {
            errs.add(
                "programme_year",
                "Tahun program di luar rentang TPBIS (2018 dst.).",
                "Programme year outside TPBIS years (2018 on).",
            );
        }
        let tier_text = clean_opt(self.programme_tier.as_deref());
        let programme_tier = tier_text.as_deref().and_then(ProgrammeTier::parse);
        if tier_text.is_some() && programme_tier.is_none() {
            errs.add("programme_tier", "Jenis dukungan program tidak dikenal.", "Unknown programme tier.");
        }
        if programme_year.is_some() != tier_text.is_some() {
            errs.add(
                "programme_tier",
                "Tahun dan jenis dukungan program diisi bersama atau dikosongkan bersama.",
                "Programme year and tier go together.",
            );
        }
        let email = clean_opt(self.email.as_deref());
        if email.as_deref().is_some_and(|e| !looks_like_email(e)) {
            errs.add("email", "Alamat email tidak sah.", "Invalid email address.");
        }
        let phone = clean_opt(self.phone.as_deref());
        if phone.as_deref().is_some_and(|p| !looks_like_phone(p)) {
            errs.add(
                "phone",
                "Nomor telepon hanya berisi angka, spasi, +, - (8–20 digit).",
                "Phone: digits, spaces, +, - only (8–20 digits).",
            );
        }
        let long_text = |errs: &mut Errors, field: &str, v: &Option<String>| {
            let s = clean_opt(v.as_deref());
            if s.as_ref().is_some_and(|s| s.chars().count() > 500) {
                errs.add(field, "Teks terlalu panjang (maks. 500 karakter).", "Text too long (max 500 characters).");
            }
            s
        };
        let address = long_text(&mut errs, "address", &self.address);
        let parent_institution = long_text(&mut errs, "parent_institution", &self.parent_institution);
        let head_name = long_text(&mut errs, "head_name", &self.head_name);
        let opening_days = long_text(&mut errs, "opening_days", &self.opening_days);
        errs.finish()?;
        Ok(LibraryFields {
            name,
            library_type: library_type.expect("checked"),
            status: status.expect("checked"),
            npp,
            region_code: region_code.expect("checked"),
            address,
            latitude,
            longitude,
            parent_institution,
            founded_year,
            head_name,
            phone,
            email,
            opening_days,
            building_area_m2,
            programme_year,
            programme_tier,
        })
    }
}

impl From<&Library> for LibraryFields {
    fn from(l: &Library) -> Self {
        LibraryFields {
            name: l.name.clone(),
            library_type: l.library_type,
            status: l.status,
            npp: l.npp.clone(),
            region_code: l.region_code.clone(),
            address: l.address.clone(),
            latitude: l.latitude,
            longitude: l.longitude,
            parent_institution: l.parent_institution.clone(),
            founded_year: l.founded_year,
            head_name: l.head_name.clone(),
            phone: l.phone.clone(),
            email: l.email.clone(),
            opening_days: l.opening_days.clone(),
            building_area_m2: l.building_area_m2,
            programme_year: l.programme_year,
            programme_tier: l.programme_tier,
        }
    }
}

impl From<&Library> for LibraryInput {
    fn from(l: &Library) -> Self {
        let s = |v: Option<String>| v;
        LibraryInput {
            name: l.name.clone(),
            library_type: l.library_type.code().into(),
            status: l.status.code().into(),
            npp: l.npp.clone(),
            region_code: l.region_code.to_string(),
            address: s(l.address.clone()),
            latitude: l.latitude.map(|v| v.to_string()),
            longitude: l.longitude.map(|v| v.to_string()),
            parent_institution: l.parent_institution.clone(),
            founded_year: l.founded_year.map(|v| v.to_string()),
            head_name: l.head_name.clone(),
            phone: l.phone.clone(),
            email: l.email.clone(),
            opening_days: l.opening_days.clone(),
            building_area_m2: l.building_area_m2.map(|v| v.to_string()),
            programme_year: l.programme_year.map(|v| v.to_string()),
            programme_tier: l.programme_tier.map(|t| t.code().to_string()),
        }
    }
}

pub fn looks_like_email(e: &str) -> bool {
    let mut parts = e.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !e.contains(char::is_whitespace)
                && e.len() <= 200
        }
        _ => false,
    }
}

pub fn looks_like_phone(p: &str) -> bool {
    let digits = p.chars().filter(char::is_ascii_digit).count();
    p.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c)) && (8..=20).contains(&digits)
}

/// The yearly KTAK figures of a library: collection, staff, members, visits. Any may be
/// missing; a missing figure is what the IPLM fill rate counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KtakFigures {
    pub year: i32,
    pub collection_titles: Option<i64>,
    pub collection_copies: Option<i64>,
    pub staff_librarians: Option<i64>,
    pub staff_other: Option<i64>,
    pub members: Option<i64>,
    pub visits: Option<i64>,
}

impl KtakFigures {
    pub const FIELDS: [(&'static str, &'static str, &'static str); 6] = [
        ("collection_titles", "Koleksi (judul)", "Collection (titles)"),
        ("collection_copies", "Koleksi (eksemplar)", "Collection (copies)"),
        ("staff_librarians", "Tenaga pustakawan", "Librarians"),
        ("staff_other", "Tenaga lain", "Other staff"),
        ("members", "Anggota", "Members"),
        ("visits", "Kunjungan", "Visits"),
    ];
    pub fn values(&self) -> [Option<i64>; 6] {
        [
            self.collection_titles,
            self.collection_copies,
            self.staff_librarians,
            self.staff_other,
            self.members,
            self.visits,
        ]
    }
    pub fn is_complete(&self) -> bool {
        self.values().iter().all(Option::is_some)
    }
    /// Checks counts are plausible: non-negative, copies not fewer than titles.
    pub fn validate(&self, current_year: i32) -> Result<()> {
        let mut errs = Errors::default();
        if !(FIRST_PROGRAMME_YEAR - 10..=current_year).contains(&self.year) {
            errs.add("year", "Tahun data di luar rentang.", "Year out of range.");
        }
        for ((field, _, _), v) in Self::FIELDS.iter().zip(self.values()) {
            if v.is_some_and(|v| !(0..=1_000_000_000).contains(&v)) {
                errs.add(field, "Angka tidak boleh negatif atau terlalu besar.", "Counts cannot be negative or huge.");
            }
        }
        if let (Some(t), Some(c)) = (self.collection_titles, self.collection_copies)
            && c < t
        {
            errs.add(
                "collection_copies",
                "Jumlah eksemplar tidak boleh kurang dari jumlah judul.",
                "Copies cannot be fewer than titles.",
            );
        }
        errs.finish()
    }
}

/// How to order a library list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LibrarySort {
    #[default]
    Name,
    NameDesc,
    Region,
    Type,
    Updated,
    ProgrammeYear,
}

impl LibrarySort {
    pub fn parse(s: &str) -> Option<LibrarySort> {
        Some(match s {
            "name" | "" => LibrarySort::Name,
            "name_desc" => LibrarySort::NameDesc,
            "region" => LibrarySort::Region,
            "type" => LibrarySort::Type,
            "updated" => LibrarySort::Updated,
            "programme_year" => LibrarySort::ProgrammeYear,
            _ => return None,
        })
    }
    pub const ALL: [(&'static str, &'static str, &'static str); 6] = [
        ("name", "Nama (A–Z)", "Name (A–Z)"),
        ("name_desc", "Nama (Z–A)", "Name (Z–A)"),
        ("region", "Wilayah", "Region"),
        ("type", "Jenis", "Type"),
        ("updated", "Terakhir diubah", "Last changed"),
        ("programme_year", "Tahun program", "Programme year"),
    ];
}

/// Filters for a library list; all are optional and combine with AND. The store applies
/// them; the service adds the caller's scope.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LibraryFilter {
    /// Libraries in this region's subtree.
    pub region: Option<RegionCode>,
    /// Only this library (set from a library-scoped user's scope).
    pub library_id: Option<LibraryId>,
    pub library_type: Option<LibraryType>,
    pub status: Option<LibraryStatus>,
    pub programme_year: Option<i32>,
    pub programme_tier: Option<ProgrammeTier>,
    /// Only members of the programme (any year).
    pub in_programme: bool,
    /// Libraries whose KTAK figures for this year are missing or incomplete.
    pub missing_ktak_year: Option<i32>,
    /// Text in the name, NPP or address (folded).
    pub query: Option<String>,
    pub sort: LibrarySort,
}

/// One page of a list.
#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }
}

/// Every item of a paged list, read page by page at the largest page size and stopping at
/// `cap` items (exports of lists that have no streaming port).
pub fn every_page<T>(cap: usize, mut read: impl FnMut(PageRequest) -> crate::Result<Page<T>>) -> crate::Result<Vec<T>> {
    let mut all = Vec::new();
    for page in 1.. {
        let p = read(PageRequest::new(Some(page), Some(PageRequest::MAX_PER_PAGE)))?;
        let done = p.items.len() < p.per_page as usize || all.len() + p.items.len() >= cap;
        all.extend(p.items);
        if done {
            break;
        }
    }
    all.truncate(cap);
    Ok(all)
}

/// A requested page: 1-based, with a bounded size.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: i64,
    pub per_page: i64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: i64 = 200;
    pub fn new(page: Option<i64>, per_page: Option<i64>) -> Self {
        PageRequest {
            page: page.unwrap_or(1).clamp(1, 1_000_000),
            per_page: per_page.unwrap_or(25).clamp(1, Self::MAX_PER_PAGE),
        }
    }
    pub fn offset(&self) -> i64 {
        (self.page - 1) * self.per_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> LibraryInput {
        LibraryInput {
            name: "Perpustakaan Desa Maju".into(),
            library_type: "umum_desa".into(),
            status: "".into(),
            region_code: "35.07.12.2001".into(),
            ..Default::default()
        }
    }

    #[test]
    fn valid_minimal_input() {
        let f = input().validate(2026).unwrap();
        assert_eq!(f.status, LibraryStatus::Active);
        assert_eq!(f.library_type, LibraryType::Village);
    }

    #[test]
    fn reports_every_bad_field() {
        let mut i = input();
        i.name = " ".into();
        i.region_code = "35.7".into();
        i.email = Some("nope".into());
        i.programme_year = Some("2019".into());
        i.latitude = Some("abc".into());
        let Err(Error::Validation(errs)) = i.validate(2026) else { panic!() };
        let fields: Vec<&str> = errs.iter().map(|e| e.field.as_str()).collect();
        for f in ["name", "region_code", "email", "programme_tier", "latitude"] {
            assert!(fields.contains(&f), "{f} in {fields:?}");
        }
    }

    #[test]
    fn labels_parse_back() {
        assert_eq!(LibraryType::parse("Umum desa/kelurahan"), Some(LibraryType::Village));
        assert_eq!(ProgrammeTier::parse("replikasi_mandiri"), Some(ProgrammeTier::ReplicationSelf));
        assert_eq!(LibraryStatus::parse("x"), None);
    }

    #[test]
    fn ktak_validation() {
        let k = KtakFigures {
            year: 2024,
            collection_titles: Some(10),
            collection_copies: Some(5),
            members: Some(-1),
            ..Default::default()
        };
        let Err(Error::Validation(errs)) = k.validate(2026) else { panic!() };
        assert_eq!(errs.len(), 2);
    }
}

crate::vocabulary! {
    /// Kinds of equipment the programme hands out.
    EquipmentItem {
        Computer = "komputer", "Komputer", "Computer";
        Printer = "printer", "Printer", "Printer";
        Modem = "modem", "Modem/router internet", "Modem/router";
        Projector = "proyektor", "Proyektor", "Projector";
        Books = "buku", "Buku (eksemplar)", "Books (copies)";
        Shelves = "rak", "Rak buku", "Bookshelves";
        Furniture = "mebel", "Meja/kursi", "Tables/chairs";
        Other = "lainnya", "Lainnya", "Other";
    }
}

crate::vocabulary! {
    EquipmentCondition {
        Good = "baik", "Baik", "Good";
        NeedsRepair = "perlu_perbaikan", "Perlu perbaikan", "Needs repair";
        Broken = "rusak", "Rusak", "Broken";
        Lost = "hilang", "Hilang", "Lost";
    }
}

/// Equipment a library received, and whether it is in use (what monitoring visits check).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Equipment {
    pub id: i64,
    pub library_id: LibraryId,
    pub item: EquipmentItem,
    pub description: Option<String>,
    pub quantity: i64,
    pub year_received: Option<i32>,
    /// Where it came from, e.g. "TPBIS 2023" or "APBD Kabupaten".
    pub source: Option<String>,
    pub condition: EquipmentCondition,
    pub in_use: bool,
    pub updated_at: i64,
}

/// Validated equipment fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EquipmentFields {
    pub item: EquipmentItem,
    pub description: Option<String>,
    pub quantity: i64,
    pub year_received: Option<i32>,
    pub source: Option<String>,
    pub condition: EquipmentCondition,
    pub in_use: bool,
}

/// Equipment as entered in a form or payload.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct EquipmentInput {
    pub item: String,
    #[serde(default)]
    pub description: Option<String>,
    pub quantity: String,
    #[serde(default)]
    pub year_received: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    pub condition: String,
    pub in_use: bool,
}

impl EquipmentInput {
    pub fn validate(&self, current_year: i32) -> Result<EquipmentFields> {
        let mut errs = Errors::default();
        let item = EquipmentItem::parse(&self.item);
        if item.is_none() {
            errs.add("item", "Pilih jenis barang.", "Choose the kind of item.");
        }
        let quantity = self.quantity.trim().parse::<i64>().ok().filter(|q| (1..=1_000_000).contains(q));
        if quantity.is_none() {
            errs.add(
                "quantity",
                "Jumlah harus bilangan bulat 1–1.000.000.",
                "Quantity must be a whole number 1–1,000,000.",
            );
        }
        let year_received: Option<i32> = parse_num(
            &mut errs,
            "year_received",
            &self.year_received,
            "Tahun diterima harus berupa angka.",
            "Year received must be a number.",
        );
        if year_received.is_some_and(|y| !(FIRST_PROGRAMME_YEAR - 20..=current_year).contains(&y)) {
            errs.add("year_received", "Tahun diterima tidak masuk akal.", "Year received is not plausible.");
        }
        let condition = EquipmentCondition::parse(&self.condition);
        if condition.is_none() {
            errs.add("condition", "Pilih kondisi barang.", "Choose the condition.");
        }
        let text = |errs: &mut Errors, field: &str, v: &Option<String>| {
            let s = clean_opt(v.as_deref());
            if s.as_ref().is_some_and(|s| s.chars().count() > 200) {
                errs.add(field, "Teks terlalu panjang (maks. 200 karakter).", "Text too long (max 200 characters).");
            }
            s
        };
        let description = text(&mut errs, "description", &self.description);
        let source = text(&mut errs, "source", &self.source);
        errs.finish()?;
        Ok(EquipmentFields {
            item: item.expect("checked"),
            description,
            quantity: quantity.expect("checked"),
            year_received,
            source,
            condition: condition.expect("checked"),
            in_use: self.in_use,
        })
    }
}
