//! The account port (users, sessions, sign-in throttling, API tokens, the setup token) and
//! the audit log every port writes to.

use lentera_core::access::Actor;
use lentera_core::audit::{AuditAction, AuditFilter, AuditRecord};
use lentera_core::library::PageRequest;
use lentera_core::region::RegionCode;
use lentera_core::store::NewUser;
use lentera_core::user::{Role, Scope};
use lentera_core::{Error, Unique};

use super::{Fresh, NOW, audit};

fn new_user(username: &str, role: Role, region: Option<&str>) -> NewUser {
    let code = region.map(|r| RegionCode::parse(r).unwrap());
    NewUser {
        username: username.into(),
        full_name: format!("Pengguna {username}"),
        email: None,
        phone: Some("081234567890".into()),
        role,
        scope: match &code {
            Some(c) => Scope::Region { code: c.clone() },
            None => Scope::Nation,
        },
        scope_region: code,
        password_hash: "hash-1".into(),
    }
}

pub fn check(f: &Fresh) {
    let s = f.store();
    assert_eq!(s.user_count().unwrap(), 0);

    // The first run: a setup token works once, and only while no account exists.
    s.save_setup_token("setup-hash", NOW).unwrap();
    assert!(!s.consume_setup_token("other-hash", NOW).unwrap());
    assert!(s.consume_setup_token("setup-hash", NOW).unwrap());
    assert!(!s.consume_setup_token("setup-hash", NOW).unwrap(), "used up");

    // Users: unique usernames, lists by scope and text, by role.
    let admin = s.insert_user(&new_user("admin", Role::NationalAdmin, None), NOW, audit("user")).unwrap();
    let coord =
        s.insert_user(&new_user("budi.jatim", Role::ProvinceCoordinator, Some("35")), NOW, audit("user")).unwrap();
    s.insert_user(&new_user("pelatih", Role::Trainer, None), NOW, audit("user")).unwrap();
    assert!(matches!(
        s.insert_user(&new_user("admin", Role::Viewer, None), NOW, audit("user")),
        Err(Error::Duplicate(Unique::Username))
    ));
    assert_eq!(s.user_count().unwrap(), 3);
    assert_eq!(s.user(coord.id).unwrap().unwrap().scope_region.unwrap().as_str(), "35");
    assert!(s.user(999_999).unwrap().is_none());
    assert_eq!(s.user_secret("admin").unwrap().unwrap().password_hash, "hash-1");
    assert!(s.user_secret("nobody").unwrap().is_none());
    assert_eq!(s.users_with_role(Role::Trainer, 10).unwrap().len(), 1);
    let page = PageRequest::new(None, None);
    assert_eq!(s.list_users(None, None, page).unwrap().total, 3);
    let in_35 = s.list_users(Some(&RegionCode::parse("35").unwrap()), None, page).unwrap();
    assert_eq!(in_35.items.iter().map(|u| u.username.as_str()).collect::<Vec<_>>(), ["budi.jatim"]);
    assert_eq!(s.list_users(None, Some("budi"), page).unwrap().total, 1);

    let mut changed = coord.clone();
    changed.full_name = "Budi Santoso".into();
    changed.active = false;
    let after = s.update_user(&changed, NOW + 1, audit("user")).unwrap();
    assert_eq!((after.full_name.as_str(), after.active, after.updated_at), ("Budi Santoso", false, NOW + 1));
    assert_eq!(s.users_with_role(Role::ProvinceCoordinator, 10).unwrap().len(), 0, "active users only");

    // Sessions: seen within the idle time, touched on each use, gone when ended.
    s.create_session("sess-a", admin.id, "csrf-a", NOW).unwrap();
    s.create_session("sess-b", admin.id, "csrf-b", NOW).unwrap();
    let live = s.session("sess-a", NOW + 3_600, 7_200).unwrap().unwrap();
    assert_eq!((live.user.id, live.csrf_token.as_str()), (admin.id, "csrf-a"));
    assert!(s.session("sess-a", NOW + 3_600 + 7_000, 7_200).unwrap().is_some(), "the touch extended it");
    assert!(s.session("sess-a", NOW + 3_600 + 7_000 + 7_201, 7_200).unwrap().is_none(), "idle too long");
    assert!(s.session("sess-a", NOW, 7_200).unwrap().is_none(), "and it is gone");
    s.create_session("sess-c", admin.id, "csrf-c", NOW).unwrap();
    s.delete_session("sess-c").unwrap();
    assert!(s.session("sess-c", NOW, 7_200).unwrap().is_none());
    // A new password ends the other sessions and keeps the one it came from.
    s.create_session("sess-d", admin.id, "csrf-d", NOW).unwrap();
    s.set_password(admin.id, "hash-2", Some("sess-d"), NOW, audit("user")).unwrap();
    assert_eq!(s.user_secret("admin").unwrap().unwrap().password_hash, "hash-2");
    assert!(s.session("sess-b", NOW, 7_200).unwrap().is_none());
    assert!(s.session("sess-d", NOW, 7_200).unwrap().is_some());

    // Sign-in throttling: failures counted per key since a moment; attempts taken atomically
    // under several keys, all or none, and released after a success.
    s.record_failed_login("ip:10.0.0.1", NOW).unwrap();
    s.record_failed_login("ip:10.0.0.1", NOW + 10).unwrap();
    assert_eq!(s.failed_logins_since("ip:10.0.0.1", NOW + 5).unwrap(), 1);
    s.clear_failed_logins("ip:10.0.0.1").unwrap();
    assert_eq!(s.failed_logins_since("ip:10.0.0.1", 0).unwrap(), 0);
    let keys = [("acct:admin|10.0.0.2", 2), ("ip:10.0.0.2", 5)];
    let first = s.take_attempts(&keys, NOW - 900, NOW).unwrap().unwrap();
    assert_eq!(first.len(), 2);
    assert!(s.take_attempts(&keys, NOW - 900, NOW).unwrap().is_some());
    assert!(s.take_attempts(&keys, NOW - 900, NOW).unwrap().is_none(), "the account-and-address limit is 2");
    assert_eq!(s.failed_logins_since("ip:10.0.0.2", NOW - 900).unwrap(), 2, "a refused take records nothing");
    s.release_attempts(&first).unwrap();
    assert_eq!(s.failed_logins_since("ip:10.0.0.2", NOW - 900).unwrap(), 1);

    // API tokens: stored by hash, listed per user, revoked, live ones lead to their user.
    let t = s.insert_token(admin.id, "laptop", "token-hash", "lnt_abcd", NOW, audit("api_token")).unwrap();
    assert_eq!((t.name.as_str(), t.prefix.as_str(), t.revoked_at), ("laptop", "lnt_abcd", None));
    assert_eq!(s.tokens(Some(admin.id)).unwrap().len(), 1);
    assert_eq!(s.tokens(None).unwrap().len(), 1);
    assert_eq!(s.user_by_token("token-hash", NOW + 5).unwrap().unwrap().id, admin.id);
    assert_eq!(s.token(t.id).unwrap().unwrap().last_used_at, Some(NOW + 5), "use is recorded");
    assert!(s.user_by_token("other-hash", NOW).unwrap().is_none());
    s.revoke_token(t.id, NOW + 6, audit("api_token")).unwrap();
    assert_eq!(s.token(t.id).unwrap().unwrap().revoked_at, Some(NOW + 6));
    assert!(s.user_by_token("token-hash", NOW + 7).unwrap().is_none(), "revoked");

    // The audit log: every change above landed with its actor, entity and place; filters by
    // region, entity and actor; one's own entries wherever they landed.
    let all = s.list_audit(&AuditFilter::default(), PageRequest::new(None, Some(200))).unwrap();
    assert!(all.items.iter().any(|e| e.entity == "user" && e.entity_id == Some(coord.id)));
    assert!(all.items.iter().any(|e| e.entity == "api_token" && e.entity_id == Some(t.id)));
    let mut placed = AuditRecord::new(&Actor::from_user(&coord), AuditAction::Update, "library", NOW)
        .region(Some(RegionCode::parse("35.07").unwrap()));
    placed.entity_id = Some(7);
    s.save_list_item(lentera_core::lists::ManagedList::Module, None, "Modul uji audit", false, placed).unwrap();
    let region = Some(RegionCode::parse("35").unwrap());
    let in_35 = s.list_audit(&AuditFilter { region: region.clone(), ..Default::default() }, page).unwrap();
    assert!(in_35.items.iter().all(|e| e.region_code.as_deref().is_some_and(|r| r.starts_with("35"))));
    assert!(in_35.total >= 1);
    let users = s.list_audit(&AuditFilter { entity: Some("user".into()), ..Default::default() }, page).unwrap();
    assert!(users.items.iter().all(|e| e.entity == "user"));
    let by = s.list_audit(&AuditFilter { actor: Some("budi.jatim".into()), ..Default::default() }, page).unwrap();
    assert_eq!(by.total, 1);
    let mine = AuditFilter {
        region: Some(RegionCode::parse("52").unwrap()),
        or_made_by: Some(coord.id),
        ..Default::default()
    };
    assert_eq!(s.list_audit(&mine, page).unwrap().total, 1, "one's own entry outside the region");
}
