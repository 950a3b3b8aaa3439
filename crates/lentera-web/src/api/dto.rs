//! The API's request and response bodies, documented in the OpenAPI schema. Responses are
//! built from the core's types here, so the documented shape is the shape sent.

use lentera_core::audit::AuditEntry;
use lentera_core::library::{KtakFigures, Library, LibraryInput, LibrarySummary, Page};
use lentera_core::region::{Region, RegionWithCount};
use lentera_core::services::libraries::ImportReport;
use lentera_core::services::regions::RegionHit;
use lentera_core::user::{ApiToken, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct RegionDto {
    /// Official dotted code, e.g. `35.07.12.2001`.
    pub code: String,
    pub name: String,
    /// province, regency, district or village.
    pub level: String,
    /// kabupaten/kota for regencies, desa/kelurahan for villages.
    pub kind: Option<String>,
    pub parent_code: Option<String>,
    /// WIB, WITA or WIT.
    pub time_zone: String,
}

impl From<&Region> for RegionDto {
    fn from(r: &Region) -> Self {
        RegionDto {
            code: r.code.to_string(),
            name: r.name.clone(),
            level: serde_json::to_value(r.level).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            kind: r.kind.map(|k| k.as_str().to_string()),
            parent_code: r.code.parent().map(|p| p.to_string()),
            time_zone: r.time_zone().abbrev().to_string(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionWithCountDto {
    #[serde(flatten)]
    pub region: RegionDto,
    /// Libraries registered anywhere in this region.
    pub library_count: i64,
}

impl From<&RegionWithCount> for RegionWithCountDto {
    fn from(r: &RegionWithCount) -> Self {
        RegionWithCountDto { region: (&r.region).into(), library_count: r.library_count }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionListDto {
    pub items: Vec<RegionWithCountDto>,
}

#[derive(Serialize, ToSchema)]
pub struct RegionHitDto {
    #[serde(flatten)]
    pub region: RegionDto,
    /// The ancestors' names, nearest first.
    pub path: String,
}

impl From<&RegionHit> for RegionHitDto {
    fn from(h: &RegionHit) -> Self {
        RegionHitDto { region: (&h.region).into(), path: h.path.clone() }
    }
}

#[derive(Serialize, ToSchema)]
pub struct RegionHitListDto {
    pub items: Vec<RegionHitDto>,
}

#[derive(Serialize, ToSchema)]
pub struct LibraryDto {
    pub id: i64,
    pub name: String,
    /// nasional, umum_provinsi, umum_kabkota, umum_kecamatan, umum_desa, sekolah_sd, sekolah_smp, sekolah_sma, perguruan_tinggi, khusus, tbm.
    pub library_type: String,
    /// aktif, tidak_aktif, tutup, dilikuidasi.
    pub status: String,
    pub npp: Option<String>,
    pub region_code: String,
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
    /// TPBIS membership, or null.
    pub programme: Option<ProgrammeDto>,
    /// Unix seconds.
    pub created_at: i64,
    pub updated_at: i64,
    /// Send back with an update; a stale version is refused with 409.
    pub version: i64,
}

impl From<&Library> for LibraryDto {
    fn from(l: &Library) -> Self {
        LibraryDto {
            id: l.id,
            name: l.name.clone(),
            library_type: l.library_type.code().into(),
            status: l.status.code().into(),
            npp: l.npp.clone(),
            region_code: l.region_code.to_string(),
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
            programme: ProgrammeDto::of(l.programme_year, l.programme_tier),
            created_at: l.created_at,
            updated_at: l.updated_at,
            version: l.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibrarySummaryDto {
    pub id: i64,
    pub name: String,
    pub library_type: String,
    pub status: String,
    pub npp: Option<String>,
    pub region_code: String,
    pub region_name: String,
    pub programme: Option<ProgrammeDto>,
    pub updated_at: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub year: i32,
    /// penuh, buku, replikasi_apbd, replikasi_mandiri.
    pub tier: String,
}

impl ProgrammeDto {
    fn of(year: Option<i32>, tier: Option<lentera_core::library::ProgrammeTier>) -> Option<Self> {
        Some(ProgrammeDto { year: year?, tier: tier?.code().into() })
    }
}

impl From<&LibrarySummary> for LibrarySummaryDto {
    fn from(l: &LibrarySummary) -> Self {
        LibrarySummaryDto {
            id: l.id,
            name: l.name.clone(),
            library_type: l.library_type.code().into(),
            status: l.status.code().into(),
            npp: l.npp.clone(),
            region_code: l.region_code.to_string(),
            region_name: l.region_name.clone(),
            programme: ProgrammeDto::of(l.programme_year, l.programme_tier),
            updated_at: l.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct LibraryPageDto {
    pub items: Vec<LibrarySummaryDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl From<&Page<LibrarySummary>> for LibraryPageDto {
    fn from(p: &Page<LibrarySummary>) -> Self {
        LibraryPageDto {
            items: p.items.iter().map(Into::into).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        }
    }
}

// The patterns and bounds in these schemas mirror the core's validation rules
// (lentera_core::library, lentera_core::user), so that what the document allows the server
// accepts. Rules across fields or against stored data (a region that must exist, a scope
// that must fit the role) answer 422 with field messages.

/// Library type codes (documentation of the accepted values).
#[derive(ToSchema)]
#[allow(dead_code)]
pub enum LibraryTypeCode {
    #[schema(rename = "nasional")]
    Nasional,
    #[schema(rename = "umum_provinsi")]
    UmumProvinsi,
    #[schema(rename = "umum_kabkota")]
    UmumKabkota,
    #[schema(rename = "umum_kecamatan")]
    UmumKecamatan,
    #[schema(rename = "umum_desa")]
    UmumDesa,
    #[schema(rename = "sekolah_sd")]
    SekolahSd,
    #[schema(rename = "sekolah_smp")]
    SekolahSmp,
    #[schema(rename = "sekolah_sma")]
    SekolahSma,
    #[schema(rename = "perguruan_tinggi")]
    PerguruanTinggi,
    #[schema(rename = "khusus")]
    Khusus,
    #[schema(rename = "tbm")]
    Tbm,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub enum LibraryStatusCode {
    #[schema(rename = "aktif")]
    Aktif,
    #[schema(rename = "tidak_aktif")]
    TidakAktif,
    #[schema(rename = "tutup")]
    Tutup,
    #[schema(rename = "dilikuidasi")]
    Dilikuidasi,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub enum ProgrammeTierCode {
    #[schema(rename = "penuh")]
    Penuh,
    #[schema(rename = "buku")]
    Buku,
    #[schema(rename = "replikasi_apbd")]
    ReplikasiApbd,
    #[schema(rename = "replikasi_mandiri")]
    ReplikasiMandiri,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub enum RoleCode {
    #[schema(rename = "national_admin")]
    NationalAdmin,
    #[schema(rename = "province_coordinator")]
    ProvinceCoordinator,
    #[schema(rename = "regency_coordinator")]
    RegencyCoordinator,
    #[schema(rename = "library_manager")]
    LibraryManager,
    #[schema(rename = "trainer")]
    Trainer,
    #[schema(rename = "viewer")]
    Viewer,
}

/// TPBIS membership: the year a library joined and the support it receives.
#[derive(Deserialize, ToSchema)]
pub struct ProgrammeRequest {
    /// From 2018 to next year (the bounds are filled in at run time).
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 2018)]
    pub year: i32,
    #[schema(value_type = ProgrammeTierCode)]
    pub tier: String,
}

/// A library to create. Unknown properties are ignored.
#[derive(Deserialize, ToSchema)]
pub struct LibraryRequest {
    #[schema(pattern = r"\S", max_length = 200)]
    pub name: String,
    #[schema(value_type = LibraryTypeCode)]
    pub library_type: String,
    /// Default `aktif`.
    #[serde(default)]
    #[schema(value_type = Option<LibraryStatusCode>)]
    pub status: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*[A-Za-z0-9.\-]{0,32}\s*$")]
    pub npp: Option<String>,
    /// An official code from the region list, usually a village's.
    #[schema(pattern = r"^\s*[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?\s*$")]
    pub region_code: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub address: Option<String>,
    #[serde(default)]
    #[schema(minimum = -11.5, maximum = 6.5)]
    pub latitude: Option<f64>,
    #[serde(default)]
    #[schema(minimum = 94.0, maximum = 141.5)]
    pub longitude: Option<f64>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub parent_institution: Option<String>,
    /// From 1800 to this year.
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 1800)]
    pub founded_year: Option<i32>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub head_name: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*(([ +\-().]*[0-9]){8,20}[ +\-().]*)?\s*$")]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*([^@\s]+@[^@\s.]([^@\s]*\.)+[^@\s.]+)?\s*$", max_length = 200)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub opening_days: Option<String>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub building_area_m2: Option<i64>,
    /// Programme membership; null or absent for libraries outside TPBIS.
    #[serde(default)]
    pub programme: Option<ProgrammeRequest>,
}

/// A library to replace, with the version last read (a stale version answers 409).
#[derive(Deserialize, ToSchema)]
pub struct LibraryUpdateRequest {
    #[serde(flatten)]
    pub library: LibraryRequest,
    #[serde(deserialize_with = "super::whole_number_required")]
    pub version: i64,
}

impl From<&LibraryRequest> for LibraryInput {
    fn from(r: &LibraryRequest) -> Self {
        let s = |v: Option<f64>| v.map(|v| v.to_string());
        LibraryInput {
            name: r.name.clone(),
            library_type: r.library_type.clone(),
            // An empty status means "not given" in forms; in the API it is not a status.
            status: r.status.clone().map(|s| if s.trim().is_empty() { "-".into() } else { s }).unwrap_or_default(),
            npp: r.npp.clone(),
            region_code: r.region_code.clone(),
            address: r.address.clone(),
            latitude: s(r.latitude),
            longitude: s(r.longitude),
            parent_institution: r.parent_institution.clone(),
            founded_year: r.founded_year.map(|v| v.to_string()),
            head_name: r.head_name.clone(),
            phone: r.phone.clone(),
            email: r.email.clone(),
            opening_days: r.opening_days.clone(),
            building_area_m2: r.building_area_m2.map(|v| v.to_string()),
            programme_year: r.programme.as_ref().map(|p| p.year.to_string()),
            programme_tier: r
                .programme
                .as_ref()
                .map(|p| if p.tier.trim().is_empty() { "-".into() } else { p.tier.clone() }),
        }
    }
}

#[derive(Serialize, Deserialize, ToSchema)]
pub struct KtakDto {
    pub year: i32,
    pub collection_titles: Option<i64>,
    pub collection_copies: Option<i64>,
    pub staff_librarians: Option<i64>,
    pub staff_other: Option<i64>,
    pub members: Option<i64>,
    pub visits: Option<i64>,
}

impl From<&KtakFigures> for KtakDto {
    fn from(k: &KtakFigures) -> Self {
        KtakDto {
            year: k.year,
            collection_titles: k.collection_titles,
            collection_copies: k.collection_copies,
            staff_librarians: k.staff_librarians,
            staff_other: k.staff_other,
            members: k.members,
            visits: k.visits,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct KtakListDto {
    pub items: Vec<KtakDto>,
}

/// KTAK figures for the year in the path; missing figures are null. Counts are 0 to 10⁹.
#[derive(Deserialize, ToSchema)]
pub struct KtakRequest {
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub collection_titles: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub collection_copies: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub staff_librarians: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub staff_other: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub members: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000000)]
    pub visits: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct RowErrorDto {
    /// Row number as in the spreadsheet (the header is row 1).
    pub row: usize,
    pub errors: Vec<crate::error::FieldErrorBody>,
}

#[derive(Serialize, ToSchema)]
pub struct ImportReportDto {
    pub rows: usize,
    pub valid: usize,
    pub imported: usize,
    /// Rows already stored (an earlier import of the same data): not written again.
    pub skipped: usize,
    /// Whether anything was written.
    pub written: bool,
    pub errors: Vec<RowErrorDto>,
}

impl From<&ImportReport> for ImportReportDto {
    fn from(r: &ImportReport) -> Self {
        ImportReportDto {
            rows: r.rows,
            valid: r.valid,
            imported: r.imported,
            skipped: r.skipped,
            written: r.written,
            errors: r
                .errors
                .iter()
                .map(|e| RowErrorDto {
                    row: e.row,
                    errors: e
                        .errors
                        .iter()
                        .map(|f| crate::error::FieldErrorBody {
                            field: f.field.clone(),
                            message: f.message.clone(),
                            message_en: f.message_en.clone(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// national_admin, province_coordinator, regency_coordinator, library_manager, trainer, viewer.
    pub role: String,
    /// `nation`, a region code, or `library:ID`.
    pub scope: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

impl From<&User> for UserDto {
    fn from(u: &User) -> Self {
        UserDto {
            id: u.id,
            username: u.username.clone(),
            full_name: u.full_name.clone(),
            email: u.email.clone(),
            phone: u.phone.clone(),
            role: u.role.code().into(),
            scope: u.scope.to_text(),
            active: u.active,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct UserPageDto {
    pub items: Vec<UserDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(Deserialize, ToSchema)]
pub struct NewUserRequest {
    /// 3–40 letters, digits, dots, underscores or hyphens (stored in lower case).
    #[schema(pattern = r"^\s*[A-Za-z0-9._\-]{3,40}\s*$")]
    pub username: String,
    #[schema(pattern = r"\S", max_length = 120)]
    pub full_name: String,
    #[serde(default)]
    #[schema(pattern = r"^\s*([^@\s]+@[^@\s.]([^@\s]*\.)+[^@\s.]+)?\s*$", max_length = 200)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*(([ +\-().]*[0-9]){8,20}[ +\-().]*)?\s*$")]
    pub phone: Option<String>,
    #[schema(value_type = RoleCode)]
    pub role: String,
    /// `nation`, a province or regency code (`35`, `35.07`), `library:ID` or `npp:NPP`; it must fit the
    /// role (422 otherwise) and lie inside the caller's scope (403 otherwise).
    #[serde(default)]
    #[schema(
        pattern = r"^\s*(nation|nasional|[0-9]{2}(\.[0-9]{2})?|library:[0-9]{1,15}|npp:[A-Za-z0-9.\-]{1,32})?\s*$"
    )]
    pub scope: Option<String>,
    #[schema(min_length = 10, max_length = 200)]
    pub password: String,
}

/// Changes to an account; absent properties stay as they are.
#[derive(Deserialize, ToSchema)]
pub struct UserUpdateRequest {
    #[serde(default)]
    #[schema(pattern = r"\S", max_length = 120)]
    pub full_name: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*([^@\s]+@[^@\s.]([^@\s]*\.)+[^@\s.]+)?\s*$", max_length = 200)]
    pub email: Option<String>,
    #[serde(default)]
    #[schema(pattern = r"^\s*(([ +\-().]*[0-9]){8,20}[ +\-().]*)?\s*$")]
    pub phone: Option<String>,
    #[serde(default)]
    #[schema(value_type = Option<RoleCode>)]
    pub role: Option<String>,
    #[serde(default)]
    #[schema(
        pattern = r"^\s*(nation|nasional|[0-9]{2}(\.[0-9]{2})?|library:[0-9]{1,15}|npp:[A-Za-z0-9.\-]{1,32})?\s*$"
    )]
    pub scope: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordChangeRequest {
    /// A wrong current password answers 403.
    #[schema(max_length = 200)]
    pub current_password: String,
    #[schema(min_length = 10, max_length = 200)]
    pub new_password: String,
}

#[derive(Deserialize, ToSchema)]
pub struct PasswordResetRequest {
    #[schema(min_length = 10, max_length = 200)]
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenDto {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}

impl From<&ApiToken> for TokenDto {
    fn from(t: &ApiToken) -> Self {
        TokenDto {
            id: t.id,
            name: t.name.clone(),
            prefix: t.prefix.clone(),
            created_at: t.created_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TokenListDto {
    pub items: Vec<TokenDto>,
}

#[derive(Deserialize, ToSchema)]
pub struct NewTokenRequest {
    #[schema(pattern = r"\S", max_length = 80)]
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct NewTokenDto {
    #[serde(flatten)]
    pub token: TokenDto,
    /// The secret; shown only now.
    pub secret: String,
}

#[derive(Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: i64,
    pub at: i64,
    pub actor_user_id: Option<i64>,
    pub actor_name: String,
    /// create, update, delete.
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub region_code: Option<String>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl From<&AuditEntry> for AuditEntryDto {
    fn from(e: &AuditEntry) -> Self {
        AuditEntryDto {
            id: e.id,
            at: e.at,
            actor_user_id: e.actor_user_id,
            actor_name: e.actor_name.clone(),
            action: e.action.code().into(),
            entity: e.entity.clone(),
            entity_id: e.entity_id,
            region_code: e.region_code.clone(),
            before: e.before.clone(),
            after: e.after.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPageDto {
    pub items: Vec<AuditEntryDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub enum EquipmentItemCode {
    #[schema(rename = "komputer")]
    Komputer,
    #[schema(rename = "printer")]
    Printer,
    #[schema(rename = "modem")]
    Modem,
    #[schema(rename = "proyektor")]
    Proyektor,
    #[schema(rename = "buku")]
    Buku,
    #[schema(rename = "rak")]
    Rak,
    #[schema(rename = "mebel")]
    Mebel,
    #[schema(rename = "lainnya")]
    Lainnya,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub enum EquipmentConditionCode {
    #[schema(rename = "baik")]
    Baik,
    #[schema(rename = "perlu_perbaikan")]
    PerluPerbaikan,
    #[schema(rename = "rusak")]
    Rusak,
    #[schema(rename = "hilang")]
    Hilang,
}

#[derive(Serialize, ToSchema)]
pub struct EquipmentDto {
    pub id: i64,
    pub library_id: i64,
    pub item: String,
    pub description: Option<String>,
    pub quantity: i64,
    pub year_received: Option<i32>,
    pub source: Option<String>,
    pub condition: String,
    pub in_use: bool,
    pub updated_at: i64,
}

impl From<&lentera_core::library::Equipment> for EquipmentDto {
    fn from(e: &lentera_core::library::Equipment) -> Self {
        EquipmentDto {
            id: e.id,
            library_id: e.library_id,
            item: e.item.code().into(),
            description: e.description.clone(),
            quantity: e.quantity,
            year_received: e.year_received,
            source: e.source.clone(),
            condition: e.condition.code().into(),
            in_use: e.in_use,
            updated_at: e.updated_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct EquipmentListDto {
    pub items: Vec<EquipmentDto>,
}

/// Equipment received by a library.
#[derive(Deserialize, ToSchema)]
pub struct EquipmentRequest {
    #[schema(value_type = EquipmentItemCode)]
    pub item: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub description: Option<String>,
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 1, maximum = 1000000)]
    pub quantity: i64,
    /// From 1998 to this year.
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 1998)]
    pub year_received: Option<i32>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub source: Option<String>,
    #[schema(value_type = EquipmentConditionCode)]
    pub condition: String,
    pub in_use: bool,
}

impl From<&EquipmentRequest> for lentera_core::library::EquipmentInput {
    fn from(r: &EquipmentRequest) -> Self {
        lentera_core::library::EquipmentInput {
            item: r.item.clone(),
            description: r.description.clone(),
            quantity: r.quantity.to_string(),
            year_received: r.year_received.map(|y| y.to_string()),
            source: r.source.clone(),
            condition: r.condition.clone(),
            in_use: r.in_use,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantsDto {
    pub total: i64,
    pub male: i64,
    pub female: i64,
    pub children: i64,
    pub teens: i64,
    pub adults: i64,
    pub elderly: i64,
    pub disabled: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: i64,
    pub client_id: Option<String>,
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    pub title: String,
    /// YYYY-MM-DD.
    pub start_date: String,
    pub end_date: String,
    pub place: Option<String>,
    pub category_id: i64,
    pub category_name: String,
    pub description: Option<String>,
    pub resource_persons: Option<String>,
    pub partners: Option<String>,
    pub participants: ParticipantsDto,
    pub outputs: Option<String>,
    pub income_participants: Option<i64>,
    /// Integer rupiah.
    pub income_rupiah: Option<i64>,
    pub links: Vec<String>,
    pub story: Option<String>,
    pub story_consent: bool,
    /// draft, submitted, verified, approved, returned.
    pub status: String,
    pub review_comment: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl From<&lentera_core::activity::Activity> for ActivityDto {
    fn from(a: &lentera_core::activity::Activity) -> Self {
        let f = &a.fields;
        let p = &f.participants;
        ActivityDto {
            id: a.id,
            client_id: a.client_id.clone(),
            library_id: a.library_id,
            library_name: a.library_name.clone(),
            region_code: a.region_code.to_string(),
            title: f.title.clone(),
            start_date: f.start_date.to_string(),
            end_date: f.end_date.to_string(),
            place: f.place.clone(),
            category_id: f.category_id,
            category_name: a.category_name.clone(),
            description: f.description.clone(),
            resource_persons: f.resource_persons.clone(),
            partners: f.partners.clone(),
            participants: ParticipantsDto {
                total: p.total(),
                male: p.male,
                female: p.female,
                children: p.children,
                teens: p.teens,
                adults: p.adults,
                elderly: p.elderly,
                disabled: p.disabled,
            },
            outputs: f.outputs.clone(),
            income_participants: f.income_participants,
            income_rupiah: f.income_rupiah,
            links: f.links.clone(),
            story: f.story.clone(),
            story_consent: f.story_consent,
            status: a.status.code().into(),
            review_comment: a.review_comment.clone(),
            created_at: a.created_at,
            updated_at: a.updated_at,
            version: a.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ActivityPageDto {
    pub items: Vec<ActivityDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// Participant counts; men + women make the total; age groups, when given, add up to it.
#[derive(Deserialize, ToSchema, Default)]
pub struct ParticipantsRequest {
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub male: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub female: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub children: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub teens: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub adults: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub elderly: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 1000000)]
    pub disabled: Option<i64>,
}

/// An activity report. Dates are YYYY-MM-DD, not in the future at the library's place.
#[derive(Deserialize, ToSchema)]
pub struct ActivityRequest {
    #[schema(pattern = r"\S", max_length = 200)]
    pub title: String,
    #[schema(format = Date)]
    pub start_date: String,
    #[serde(default)]
    #[schema(format = Date)]
    pub end_date: Option<String>,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub place: Option<String>,
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 1)]
    pub category_id: i64,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub resource_persons: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub partners: Option<String>,
    #[serde(default)]
    pub participants: ParticipantsRequest,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub outputs: Option<String>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0)]
    pub income_participants: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0)]
    pub income_rupiah: Option<i64>,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub links: Vec<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub story: Option<String>,
    #[serde(default)]
    pub story_consent: bool,
    /// Keep the data despite warnings (a likely duplicate, an unusual participant count);
    /// without it such a report answers 422 with the code `confirmation_required`.
    #[serde(default)]
    pub confirm_warnings: bool,
}

impl From<&ActivityRequest> for lentera_core::activity::ActivityInput {
    fn from(r: &ActivityRequest) -> Self {
        let n = |v: Option<i64>| v.map(|v| v.to_string());
        let p = &r.participants;
        lentera_core::activity::ActivityInput {
            title: r.title.clone(),
            start_date: r.start_date.clone(),
            end_date: r.end_date.clone(),
            place: r.place.clone(),
            category_id: r.category_id.to_string(),
            description: r.description.clone(),
            resource_persons: r.resource_persons.clone(),
            partners: r.partners.clone(),
            participants_total: None,
            male: n(p.male),
            female: n(p.female),
            children: n(p.children),
            teens: n(p.teens),
            adults: n(p.adults),
            elderly: n(p.elderly),
            disabled: n(p.disabled),
            outputs: r.outputs.clone(),
            income_participants: n(r.income_participants),
            income_rupiah: n(r.income_rupiah),
            links: Some(r.links.join("\n")),
            story: r.story.clone(),
            story_consent: r.story_consent,
            confirm_warnings: r.confirm_warnings,
        }
    }
}

/// A new report for a library; `client_id` (a UUID made by the client) makes retries safe.
#[derive(Deserialize, ToSchema)]
pub struct NewActivityRequest {
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 1)]
    pub library_id: i64,
    #[serde(default)]
    #[schema(pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub client_id: Option<String>,
    #[serde(flatten)]
    pub activity: ActivityRequest,
}

#[derive(Deserialize, ToSchema)]
pub struct ActivityUpdateRequest {
    #[serde(flatten)]
    pub activity: ActivityRequest,
    #[serde(deserialize_with = "super::whole_number_required")]
    pub version: i64,
}

#[derive(ToSchema)]
#[allow(dead_code)]
pub enum TransitionCode {
    #[schema(rename = "submit")]
    Submit,
    #[schema(rename = "verify")]
    Verify,
    #[schema(rename = "approve")]
    Approve,
    #[schema(rename = "return")]
    Return,
    #[schema(rename = "reopen")]
    Reopen,
}

/// A workflow step. `return` and `reopen` need a comment.
#[derive(Deserialize, ToSchema)]
pub struct TransitionRequest {
    #[schema(value_type = TransitionCode)]
    pub transition: String,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CategoryDto {
    pub id: i64,
    pub name: String,
    pub retired: bool,
}

impl From<&lentera_core::lists::ListItem> for CategoryDto {
    fn from(c: &lentera_core::lists::ListItem) -> Self {
        CategoryDto { id: c.id, name: c.name.clone(), retired: c.retired }
    }
}

#[derive(Serialize, ToSchema)]
pub struct CategoryListDto {
    pub items: Vec<CategoryDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PhotoDto {
    pub id: i64,
    pub activity_id: i64,
    /// Fetch the file at `/api/v1/photos/{name}` (add `?size=thumb` for the thumbnail).
    pub name: String,
    pub width: i64,
    pub height: i64,
    pub bytes: i64,
    pub created_at: i64,
}

impl From<&lentera_core::activity::Photo> for PhotoDto {
    fn from(p: &lentera_core::activity::Photo) -> Self {
        PhotoDto {
            id: p.id,
            activity_id: p.activity_id,
            name: p.name.clone(),
            width: p.width,
            height: p.height,
            bytes: p.bytes,
            created_at: p.created_at,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PhotoListDto {
    pub items: Vec<PhotoDto>,
}

/// One month's figures; visitors are required, the rest default to 0.
#[derive(Serialize, Deserialize, ToSchema, Default)]
pub struct MonthlyFiguresDto {
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub visitors_male: i64,
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub visitors_female: i64,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub new_members: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub total_members: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub loans: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub onsite_reading: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub ict_users: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub collection_titles: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub collection_copies: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub staff_librarians: Option<i64>,
    #[serde(default, deserialize_with = "super::whole_number")]
    #[schema(minimum = 0, maximum = 100000000)]
    pub staff_other: Option<i64>,
}

impl MonthlyFiguresDto {
    fn of(f: &lentera_core::monthly::MonthlyFigures) -> Self {
        MonthlyFiguresDto {
            visitors_male: f.visitors_male,
            visitors_female: f.visitors_female,
            new_members: Some(f.new_members),
            total_members: Some(f.total_members),
            loans: Some(f.loans),
            onsite_reading: Some(f.onsite_reading),
            ict_users: Some(f.ict_users),
            collection_titles: Some(f.collection_titles),
            collection_copies: Some(f.collection_copies),
            staff_librarians: Some(f.staff_librarians),
            staff_other: Some(f.staff_other),
        }
    }

    /// The figures as form input for the core's validation.
    pub fn to_input(&self, period: &str, confirm_warnings: bool) -> lentera_core::monthly::MonthlyInput {
        let o = |v: Option<i64>| v.unwrap_or(0).to_string();
        let values = [
            ("visitors_male", self.visitors_male.to_string()),
            ("visitors_female", self.visitors_female.to_string()),
            ("new_members", o(self.new_members)),
            ("total_members", o(self.total_members)),
            ("loans", o(self.loans)),
            ("onsite_reading", o(self.onsite_reading)),
            ("ict_users", o(self.ict_users)),
            ("collection_titles", o(self.collection_titles)),
            ("collection_copies", o(self.collection_copies)),
            ("staff_librarians", o(self.staff_librarians)),
            ("staff_other", o(self.staff_other)),
        ];
        lentera_core::monthly::MonthlyInput {
            period: period.to_string(),
            values: values.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
            visitors_total: None,
            confirm_warnings,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthlyReportDto {
    pub id: i64,
    pub client_id: Option<String>,
    pub library_id: i64,
    pub library_name: String,
    pub region_code: String,
    /// YYYY-MM.
    pub period: String,
    pub figures: MonthlyFiguresDto,
    pub visitors_total: i64,
    /// draft, submitted, verified, approved, returned.
    pub status: String,
    pub review_comment: Option<String>,
    pub submitted_at: Option<i64>,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl From<&lentera_core::monthly::MonthlyReport> for MonthlyReportDto {
    fn from(r: &lentera_core::monthly::MonthlyReport) -> Self {
        MonthlyReportDto {
            id: r.id,
            client_id: r.client_id.clone(),
            library_id: r.library_id,
            library_name: r.library_name.clone(),
            region_code: r.region_code.to_string(),
            period: r.period.to_string(),
            figures: MonthlyFiguresDto::of(&r.figures),
            visitors_total: r.figures.visitors(),
            status: r.status.code().into(),
            review_comment: r.review_comment.clone(),
            submitted_at: r.submitted_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
            version: r.version,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MonthlyPageDto {
    pub items: Vec<MonthlyReportDto>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// A month's report for a library; one per month (a second one answers 409).
#[derive(Deserialize, ToSchema)]
pub struct NewMonthlyRequest {
    #[serde(deserialize_with = "super::whole_number_required")]
    #[schema(minimum = 1)]
    pub library_id: i64,
    #[serde(default)]
    #[schema(pattern = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")]
    pub client_id: Option<String>,
    /// YYYY-MM, not after the current month.
    #[schema(pattern = r"^20[1-9][0-9]-(0[1-9]|1[0-2])$")]
    pub period: String,
    pub figures: MonthlyFiguresDto,
    #[serde(default)]
    pub confirm_warnings: bool,
}

#[derive(Deserialize, ToSchema)]
pub struct MonthlyUpdateRequest {
    pub figures: MonthlyFiguresDto,
    #[serde(deserialize_with = "super::whole_number_required")]
    pub version: i64,
    #[serde(default)]
    pub confirm_warnings: bool,
}
