//! Who may read or change what. Every service asks these questions before touching the store;
//! the web layer and the CLI never decide access themselves.

use serde::Serialize;

use crate::ids::LibraryId;
use crate::library::{Library, LibraryFilter};
use crate::region::RegionCode;
use crate::user::{Role, Scope, User};
use crate::{Error, Result};

/// The person (or operator) acting, with the scope their rights are limited to.
#[derive(Debug, Clone, Serialize)]
pub struct Actor {
    /// `None` for the local operator running the CLI with access to the data directory.
    pub user_id: Option<i64>,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub scope_region: Option<RegionCode>,
}

impl Actor {
    pub fn from_user(u: &User) -> Actor {
        Actor {
            user_id: Some(u.id),
            name: u.username.clone(),
            role: u.role,
            scope: u.scope.clone(),
            scope_region: u.scope_region.clone(),
        }
    }

    /// The local operator: whoever can read the data directory already holds everything.
    pub fn operator() -> Actor {
        Actor { user_id: None, name: "cli".into(), role: Role::NationalAdmin, scope: Scope::Nation, scope_region: None }
    }

    /// Whether the actor reports or reviews at all (trainers and viewers only read).
    pub fn can_report(&self) -> bool {
        self.can_write()
    }

    fn can_write(&self) -> bool {
        matches!(
            self.role,
            Role::NationalAdmin | Role::ProvinceCoordinator | Role::RegencyCoordinator | Role::LibraryManager
        )
    }

    /// Whether a region lies inside this actor's region scope (library scope covers no region).
    pub fn covers_region(&self, code: &RegionCode) -> bool {
        match &self.scope {
            Scope::Nation => true,
            Scope::Region { code: mine } => mine.contains(code),
            Scope::Library { .. } => false,
        }
    }

    pub fn can_read_library(&self, lib: &Library) -> bool {
        match &self.scope {
            Scope::Library { library_id } => *library_id == lib.id,
            _ => self.covers_region(&lib.region_code),
        }
    }

    /// Whether the actor belongs to a library's reporting chain: its own staff and the
    /// coordinators above it. Trainers and viewers read, but stand outside it.
    pub fn in_reporting_chain(&self, library_id: LibraryId, region: &RegionCode) -> bool {
        self.can_write()
            && match &self.scope {
                Scope::Library { library_id: mine } => *mine == library_id,
                _ => self.covers_region(region),
            }
    }

    pub fn can_edit_library(&self, lib: &Library) -> bool {
        self.can_write() && self.can_read_library(lib)
    }

    /// Creating or deleting a library, or moving one into a region: coordinators and admins.
    pub fn can_manage_libraries_in(&self, region: &RegionCode) -> bool {
        self.role.is_coordinator() && self.covers_region(region)
    }

    /// Restricts a list filter to this actor's scope. A filter on a region outside the scope
    /// is refused; a filter on a wider region is narrowed to the scope.
    pub fn scope_library_filter(&self, filter: &mut LibraryFilter) -> Result<()> {
        self.narrow(&mut filter.region, &mut filter.library_id)
    }

    /// Restricts any list's region and library filters to this actor's scope: a region
    /// outside it is refused, a wider one narrowed to it, a library scope pins the library.
    pub fn narrow(&self, region: &mut Option<RegionCode>, library_id: &mut Option<LibraryId>) -> Result<()> {
        match &self.scope {
            Scope::Nation => Ok(()),
            Scope::Library { library_id: mine } => {
                *library_id = Some(*mine);
                Ok(())
            }
            Scope::Region { code: mine } => match region {
                Some(wanted) if mine.contains(wanted) => Ok(()),
                Some(wanted) if !wanted.contains(mine) => Err(Error::Forbidden),
                _ => {
                    *region = Some(mine.clone());
                    Ok(())
                }
            },
        }
    }

    /// Whether this actor manages accounts of `role` scoped to `target_region` (`None` = nation).
    pub fn can_manage_user(&self, role: Role, target_scope: &Scope, target_region: Option<&RegionCode>) -> bool {
        if !self.role.is_coordinator() {
            return false;
        }
        if self.role != Role::NationalAdmin && role.rank() >= self.role.rank() {
            return false;
        }
        match (&self.scope, target_scope) {
            (Scope::Nation, _) => true,
            (_, Scope::Nation) => false,
            _ => target_region.is_some_and(|r| self.covers_region(r)),
        }
    }

    pub fn can_view_user(&self, u: &User) -> bool {
        self.user_id == Some(u.id) || self.can_manage_user(u.role, &u.scope, u.scope_region.as_ref())
    }

    /// Audit entries are seen by coordinators and admins, for their own scope.
    pub fn audit_region(&self) -> Result<Option<RegionCode>> {
        if !self.role.is_coordinator() {
            return Err(Error::Forbidden);
        }
        match &self.scope {
            Scope::Nation => Ok(None),
            Scope::Region { code } => Ok(Some(code.clone())),
            Scope::Library { .. } => Err(Error::Forbidden),
        }
    }

    pub fn require(&self, allowed: bool) -> Result<()> {
        if allowed { Ok(()) } else { Err(Error::Forbidden) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{LibraryStatus, LibraryType};

    fn actor(role: Role, scope: Scope) -> Actor {
        let scope_region = match &scope {
            Scope::Region { code } => Some(code.clone()),
            _ => None,
        };
        Actor { user_id: Some(1), name: "t".into(), role, scope, scope_region }
    }
    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }
    fn lib(id: i64, region: &str) -> Library {
        Library {
            id: LibraryId::new(id),
            name: "x".into(),
            library_type: LibraryType::Village,
            status: LibraryStatus::Active,
            npp: None,
            region_code: code(region),
            address: None,
            latitude: None,
            longitude: None,
            parent_institution: None,
            founded_year: None,
            head_name: None,
            phone: None,
            email: None,
            opening_days: None,
            building_area_m2: None,
            programme_year: None,
            programme_tier: None,
            created_at: 0,
            updated_at: 0,
            version: 1,
        }
    }

    #[test]
    fn regency_coordinator_stays_home() {
        let a = actor(Role::RegencyCoordinator, Scope::Region { code: code("35.07") });
        assert!(a.can_edit_library(&lib(1, "35.07.12.2001")));
        assert!(!a.can_read_library(&lib(2, "35.70.01.1001")));
        assert!(!a.can_manage_user(
            Role::RegencyCoordinator,
            &Scope::Region { code: code("35.07") },
            Some(&code("35.07"))
        ));
        assert!(a.can_manage_user(
            Role::LibraryManager,
            &Scope::Library { library_id: LibraryId::new(1) },
            Some(&code("35.07.12.2001"))
        ));
        assert!(!a.can_manage_user(
            Role::LibraryManager,
            &Scope::Library { library_id: LibraryId::new(2) },
            Some(&code("35.08.01.2001"))
        ));
        let mut f = LibraryFilter { region: Some(code("35")), ..Default::default() };
        a.scope_library_filter(&mut f).unwrap();
        assert_eq!(f.region, Some(code("35.07")));
        let mut f = LibraryFilter { region: Some(code("36")), ..Default::default() };
        assert!(a.scope_library_filter(&mut f).is_err());
    }

    #[test]
    fn viewers_and_trainers_only_read() {
        let v = actor(Role::Viewer, Scope::Nation);
        assert!(v.can_read_library(&lib(1, "11.01.01.2001")));
        assert!(!v.can_edit_library(&lib(1, "11.01.01.2001")));
        assert!(v.audit_region().is_err());
        let m = actor(Role::LibraryManager, Scope::Library { library_id: LibraryId::new(7) });
        assert!(m.can_edit_library(&lib(7, "11.01.01.2001")));
        assert!(!m.can_read_library(&lib(8, "11.01.01.2001")));
        assert!(!m.can_manage_libraries_in(&code("11.01.01.2001")));
    }
}
