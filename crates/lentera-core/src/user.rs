//! Accounts: roles and scopes.

use serde::{Deserialize, Serialize};

use crate::ids::LibraryId;
use crate::region::{RegionCode, RegionLevel};
use crate::{Error, Result};

crate::vocabulary! {
    Role {
        NationalAdmin = "national_admin", "Administrator nasional", "National administrator";
        ProvinceCoordinator = "province_coordinator", "Koordinator provinsi", "Province coordinator";
        RegencyCoordinator = "regency_coordinator", "Koordinator kab/kota (PIC/fasilitator)", "Regency/city coordinator (PIC/facilitator)";
        LibraryManager = "library_manager", "Pengelola perpustakaan", "Library manager";
        Trainer = "trainer", "Pelatih", "Trainer";
        Viewer = "viewer", "Pemantau (hanya baca)", "Viewer (read-only)";
    }
}

impl Role {
    /// Rank in the management hierarchy: a coordinator manages only roles ranked below.
    pub fn rank(self) -> u8 {
        match self {
            Role::NationalAdmin => 4,
            Role::ProvinceCoordinator => 3,
            Role::RegencyCoordinator => 2,
            Role::LibraryManager | Role::Trainer | Role::Viewer => 1,
        }
    }
    /// Whether this role manages users and sees the audit log of its scope.
    pub fn is_coordinator(self) -> bool {
        self.rank() >= 2
    }
}

/// Where a user's rights apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    Nation,
    Region { code: RegionCode },
    Library { library_id: LibraryId },
}

impl Scope {
    /// Parses `nation`/empty, a region code, or `library:ID` (also a bare NPP is resolved by
    /// the caller).
    pub fn parse(s: &str) -> Result<Scope> {
        let s = s.trim();
        if s.is_empty() || s.eq_ignore_ascii_case("nation") || s.eq_ignore_ascii_case("nasional") {
            return Ok(Scope::Nation);
        }
        if let Some(id) = s.strip_prefix("library:").or_else(|| s.strip_prefix("perpustakaan:")) {
            return id
                .trim()
                .parse()
                .map(|library_id| Scope::Library { library_id })
                .map_err(|_| Error::field("scope", "ID perpustakaan tidak sah.", "Invalid library id."));
        }
        Ok(Scope::Region {
            code: RegionCode::parse(s).map_err(|_| {
                Error::field(
                    "scope",
                    "Cakupan harus 'nation', kode wilayah, atau 'library:ID'.",
                    "Scope must be 'nation', a region code, or 'library:ID'.",
                )
            })?,
        })
    }
    pub fn to_text(&self) -> String {
        match self {
            Scope::Nation => "nation".into(),
            Scope::Region { code } => code.to_string(),
            Scope::Library { library_id } => format!("library:{library_id}"),
        }
    }
}

/// Checks that a role and a scope go together.
pub fn check_role_scope(role: Role, scope: &Scope) -> Result<()> {
    let ok = match (role, scope) {
        (Role::NationalAdmin, Scope::Nation) => true,
        (Role::ProvinceCoordinator, Scope::Region { code }) => code.level() == RegionLevel::Province,
        (Role::RegencyCoordinator, Scope::Region { code }) => code.level() == RegionLevel::Regency,
        (Role::LibraryManager, Scope::Library { .. }) => true,
        (Role::Trainer | Role::Viewer, Scope::Nation) => true,
        (Role::Trainer | Role::Viewer, Scope::Region { code }) => {
            matches!(code.level(), RegionLevel::Province | RegionLevel::Regency)
        }
        (Role::Viewer, Scope::Library { .. }) => true,
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::field(
            "scope",
            "Cakupan tidak cocok dengan peran: admin nasional → nasional; koordinator provinsi → kode provinsi; koordinator kab/kota → kode kab/kota; pengelola → perpustakaan.",
            "Scope does not fit the role: national admin → nation; province coordinator → province code; regency coordinator → regency code; manager → library.",
        ))
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub scope: Scope,
    /// The region the scope resolves to (a library's own village for library scope); `None`
    /// for the nation. Used for subtree checks without another lookup.
    pub scope_region: Option<RegionCode>,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A new account as entered.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NewUserInput {
    pub username: String,
    pub full_name: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    pub role: String,
    #[serde(default)]
    pub scope: Option<String>,
    pub password: String,
}

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct UserUpdateInput {
    #[serde(default)]
    pub full_name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub active: Option<bool>,
}

pub fn validate_username(u: &str) -> Result<String> {
    let u = u.trim().to_ascii_lowercase();
    if (3..=40).contains(&u.len()) && u.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c)) {
        Ok(u)
    } else {
        Err(Error::field(
            "username",
            "Nama pengguna 3–40 karakter: huruf, angka, titik, garis bawah atau tanda hubung.",
            "Username: 3–40 letters, digits, dots, underscores or hyphens.",
        ))
    }
}

/// A password policy that people can live with: long enough, not trivially weak.
pub fn validate_password(p: &str, field: &str) -> Result<()> {
    if p.chars().count() < 10 {
        return Err(Error::field(
            field,
            "Kata sandi minimal 10 karakter.",
            "Password must have at least 10 characters.",
        ));
    }
    if p.chars().count() > 200 {
        return Err(Error::field(field, "Kata sandi terlalu panjang.", "Password too long."));
    }
    Ok(())
}

/// An API token as listed (the secret itself is shown only once, at creation).
#[derive(Debug, Clone, Serialize)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    /// The first characters of the token, to recognise it.
    pub prefix: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
    pub revoked_at: Option<i64>,
}
