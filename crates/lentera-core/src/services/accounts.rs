//! Accounts, sign-in, sessions, API tokens and the first-run setup.

use crate::access::Actor;
use crate::audit::{AuditAction, AuditRecord};
use crate::error::Errors;
use crate::library::{Page, PageRequest};
use crate::password::{dummy_verify, hash_password, new_secret, secret_hash, verify_password};
use crate::region::RegionCode;
use crate::services::Env;
use crate::store::{NewUser, Session};
use crate::text::{clean_opt, fold};
use crate::user::{
    ApiToken, NewUserInput, Role, Scope, User, UserUpdateInput, check_role_scope, validate_password, validate_username,
};
use crate::{Error, Result, Unique};

/// The conflict message when a username is already in use (pages show it beside the field).
const USERNAME_TAKEN: &str = "Nama pengguna sudah dipakai.";

/// Failed sign-ins allowed for one account from one client address in
/// [`THROTTLE_WINDOW_SECS`]; a stranger who fails them locks out only themselves.
pub const MAX_FAILED_LOGINS: i64 = 5;
/// Failed sign-ins allowed from one client address, whatever the account.
pub const MAX_FAILED_LOGINS_PER_CLIENT: i64 = 20;
pub const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
/// Failures on one account (from anywhere) in the window after which every sign-in to it,
/// the right password included, waits [`SLOW_SIGN_IN_SECS`]: a delay, never a lock.
pub const SLOW_AFTER_FAILURES: i64 = 10;
pub const SLOW_SIGN_IN_SECS: u64 = 2;

fn account_key(username: &str) -> String {
    format!("user:{}", username.trim().to_ascii_lowercase())
}

/// How long a sign-in to this account should wait first (seconds): zero unless the account
/// is under a guessing attack from many addresses.
pub fn sign_in_delay(env: &Env, username: &str) -> Result<u64> {
    let failures = env.store.failed_logins_since(&account_key(username), env.now() - THROTTLE_WINDOW_SECS)?;
    Ok(if failures >= SLOW_AFTER_FAILURES { SLOW_SIGN_IN_SECS } else { 0 })
}

/// Checks a username and password. Each attempt is taken atomically from two allowances
/// before the password is checked — per account and client address, and per client
/// address — so concurrent guesses cannot exceed them; a success gives its attempt back.
pub fn login(env: &Env, username: &str, password: &str, client: &str) -> Result<User> {
    let now = env.now();
    let user_key = account_key(username);
    let pair_key = format!("pair:{user_key}|{client}");
    let client_key = format!("client:{client}");
    let since = now - THROTTLE_WINDOW_SECS;
    let Some(taken) = env.store.take_attempts(
        &[(&pair_key, MAX_FAILED_LOGINS), (&client_key, MAX_FAILED_LOGINS_PER_CLIENT)],
        since,
        now,
    )?
    else {
        return Err(Error::Throttled);
    };
    let found = env.store.user_secret(username.trim())?;
    let ok = match &found {
        Some(s) => s.user.active && verify_password(password, &s.password_hash),
        None => {
            dummy_verify(password);
            false
        }
    };
    if !ok {
        // The taken attempts stay as failures; the account's count only slows sign-in.
        env.store.record_failed_login(&user_key, now)?;
        return Err(Error::Unauthorized);
    }
    env.store.release_attempts(&taken)?;
    env.store.clear_failed_logins(&pair_key)?;
    Ok(found.expect("checked").user)
}

/// Opens a server-side session; returns the secret for the cookie and the CSRF token.
pub fn open_session(env: &Env, user: &User) -> Result<(String, String)> {
    let secret = new_secret();
    let csrf = new_secret();
    env.store.create_session(&secret_hash(&secret), user.id, &csrf, env.now())?;
    Ok((secret, csrf))
}

pub fn session(env: &Env, secret: &str, idle_secs: i64) -> Result<Option<Session>> {
    env.store.session(&secret_hash(secret), env.now(), idle_secs)
}

pub fn close_session(env: &Env, secret: &str) -> Result<()> {
    env.store.delete_session(&secret_hash(secret))
}

pub fn user_by_token(env: &Env, token: &str) -> Result<Option<User>> {
    env.store.user_by_token(&secret_hash(token.trim()), env.now())
}

/// Resolves a scope to the region it covers; a library scope takes the library's region.
fn scope_region(env: &Env, scope: &Scope) -> Result<Option<RegionCode>> {
    match scope {
        Scope::Nation => Ok(None),
        Scope::Region { code } => {
            env.store
                .region(code)?
                .ok_or_else(|| Error::field("scope", "Wilayah cakupan tidak ditemukan.", "Scope region not found."))?;
            Ok(Some(code.clone()))
        }
        Scope::Library { library_id } => Ok(Some(
            env.store
                .library(*library_id)?
                .ok_or_else(|| {
                    Error::field("scope", "Perpustakaan cakupan tidak ditemukan.", "Scope library not found.")
                })?
                .region_code,
        )),
    }
}

/// Parses a scope as [`Scope::parse`] does, and also `npp:NUMBER` for the library holding
/// that NPP (what coordinators usually know of a village library).
fn parse_scope(env: &Env, s: &str) -> Result<Scope> {
    match s.trim().strip_prefix("npp:") {
        Some(npp) => {
            let lib = env.store.library_by_npp(npp.trim())?.ok_or_else(|| {
                Error::field("scope", "Tidak ada perpustakaan dengan NPP itu.", "No library has that NPP.")
            })?;
            Ok(Scope::Library { library_id: lib.id })
        }
        None => Scope::parse(s),
    }
}

fn parse_role(s: &str) -> Result<Role> {
    Role::parse(s).ok_or_else(|| Error::field("role", "Pilih peran.", "Choose a role."))
}

fn check_contact(errs: &mut Errors, email: &Option<String>, phone: &Option<String>) {
    if email.as_deref().is_some_and(|e| !crate::library::looks_like_email(e)) {
        errs.add("email", "Alamat email tidak sah.", "Invalid email address.");
    }
    if phone.as_deref().is_some_and(|p| !crate::library::looks_like_phone(p)) {
        errs.add("phone", "Nomor telepon tidak sah.", "Invalid phone number.");
    }
}

pub fn create_user(env: &Env, actor: &Actor, input: &NewUserInput) -> Result<User> {
    let mut errs = Errors::default();
    let username = validate_username(&input.username).map_err(|e| errs.extend(e)).ok();
    let full_name = input.full_name.trim().to_string();
    if full_name.is_empty() || full_name.chars().count() > 120 {
        errs.add(
            "full_name",
            "Nama lengkap wajib diisi (maks. 120 karakter).",
            "Full name is required (max 120 characters).",
        );
    }
    let role = parse_role(&input.role).map_err(|e| errs.extend(e)).ok();
    let scope = parse_scope(env, input.scope.as_deref().unwrap_or("")).map_err(|e| errs.extend(e)).ok();
    if let (Some(role), Some(scope)) = (role, &scope) {
        let _ = check_role_scope(role, scope).map_err(|e| errs.extend(e));
    }
    let _ = validate_password(&input.password, "password").map_err(|e| errs.extend(e));
    let email = clean_opt(input.email.as_deref());
    let phone = clean_opt(input.phone.as_deref());
    check_contact(&mut errs, &email, &phone);
    errs.finish()?;
    let (username, role, scope) = (username.expect("checked"), role.expect("checked"), scope.expect("checked"));
    let region = scope_region(env, &scope)?;
    actor.require(actor.can_manage_user(role, &scope, region.as_ref()))?;
    if env.store.user_secret(&username)?.is_some() {
        return Err(Error::taken("username", USERNAME_TAKEN, "Username is taken."));
    }
    let new = NewUser {
        username,
        full_name,
        email,
        phone,
        role,
        scope: scope.clone(),
        scope_region: region.clone(),
        password_hash: hash_password(&input.password)?,
    };
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "user", now).region(region).after(&serde_json::json!({
        "username": new.username, "full_name": new.full_name, "role": role, "scope": scope.to_text(),
    }));
    // Taken in a race between the check above and the insert: the same field error.
    env.store.insert_user(&new, now, audit).map_err(|e| match e {
        Error::Duplicate(Unique::Username) => Error::taken("username", USERNAME_TAKEN, "Username is taken."),
        other => other,
    })
}

pub fn get_user(env: &Env, actor: &Actor, id: i64) -> Result<User> {
    match env.store.user(id)? {
        Some(u) if actor.can_view_user(&u) => Ok(u),
        _ => Err(Error::NotFound),
    }
}

pub fn list_users(env: &Env, actor: &Actor, query: Option<&str>, page: PageRequest) -> Result<Page<User>> {
    let within = actor.audit_region()?;
    let q = query.map(fold).filter(|q| !q.is_empty());
    let mut page = env.store.list_users(within.as_ref(), q.as_deref(), page)?;
    // Peers and superiors inside the region are listed only if the actor manages them.
    page.items.retain(|u| actor.can_view_user(u));
    Ok(page)
}

fn audit_view(u: &User) -> serde_json::Value {
    serde_json::json!({
        "username": u.username, "full_name": u.full_name, "email": u.email, "phone": u.phone,
        "role": u.role, "scope": u.scope.to_text(), "active": u.active,
    })
}

pub fn update_user(env: &Env, actor: &Actor, id: i64, input: &UserUpdateInput) -> Result<User> {
    let before = get_user(env, actor, id)?;
    let is_self = actor.user_id == Some(id);
    let manages = actor.can_manage_user(before.role, &before.scope, before.scope_region.as_ref());
    let mut after = before.clone();
    let mut errs = Errors::default();
    if let Some(n) = &input.full_name {
        let n = n.trim();
        if n.is_empty() || n.chars().count() > 120 {
            errs.add(
                "full_name",
                "Nama lengkap wajib diisi (maks. 120 karakter).",
                "Full name is required (max 120 characters).",
            );
        }
        after.full_name = n.to_string();
    }
    if input.email.is_some() {
        after.email = clean_opt(input.email.as_deref());
    }
    if input.phone.is_some() {
        after.phone = clean_opt(input.phone.as_deref());
    }
    check_contact(&mut errs, &after.email, &after.phone);
    if let Some(r) = &input.role {
        match parse_role(r) {
            Ok(r) => after.role = r,
            Err(e) => errs.extend(e)?,
        }
    }
    if let Some(s) = &input.scope {
        match parse_scope(env, s) {
            Ok(s) => after.scope = s,
            Err(e) => errs.extend(e)?,
        }
    }
    if let Some(a) = input.active {
        after.active = a;
    }
    errs.finish()?;
    let changes_rights = after.role != before.role || after.scope != before.scope || after.active != before.active;
    if changes_rights {
        // Nobody raises their own rights or locks themselves out.
        actor.require(manages && !is_self)?;
        check_role_scope(after.role, &after.scope)?;
        after.scope_region = scope_region(env, &after.scope)?;
        actor.require(actor.can_manage_user(after.role, &after.scope, after.scope_region.as_ref()))?;
    } else {
        actor.require(manages || is_self)?;
    }
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Update, "user", now)
        .id(id)
        .region(after.scope_region.clone())
        .before(&audit_view(&before))
        .after(&audit_view(&after));
    env.store.update_user(&after, now, audit)
}

/// A coordinator sets a new password for a user they manage.
pub fn reset_password(env: &Env, actor: &Actor, id: i64, new_password: &str) -> Result<()> {
    let target = get_user(env, actor, id)?;
    actor.require(
        actor.user_id != Some(id) && actor.can_manage_user(target.role, &target.scope, target.scope_region.as_ref()),
    )?;
    validate_password(new_password, "password")?;
    let now = env.now();
    let audit =
        AuditRecord::new(actor, AuditAction::Update, "user_password", now).id(id).region(target.scope_region.clone());
    env.store.set_password(id, &hash_password(new_password)?, None, now, audit)
}

/// Everyone changes their own password, proving the current one. Other sessions end.
pub fn change_own_password(
    env: &Env,
    actor: &Actor,
    current: &str,
    new_password: &str,
    keep_session: Option<&str>,
) -> Result<()> {
    let id = actor.user_id.ok_or(Error::Forbidden)?;
    let user = env.store.user(id)?.ok_or(Error::NotFound)?;
    let secret = env.store.user_secret(&user.username)?.ok_or(Error::NotFound)?;
    if !verify_password(current, &secret.password_hash) {
        return Err(Error::field("current_password", "Kata sandi saat ini salah.", "Current password is wrong."));
    }
    validate_password(new_password, "new_password")?;
    let now = env.now();
    let audit =
        AuditRecord::new(actor, AuditAction::Update, "user_password", now).id(id).region(user.scope_region.clone());
    env.store.set_password(id, &hash_password(new_password)?, keep_session.map(secret_hash).as_deref(), now, audit)
}

/// A new API token for the actor's own account. The secret is returned once.
pub fn create_token(env: &Env, actor: &Actor, user_id: i64, name: &str) -> Result<(ApiToken, String)> {
    let user = env.store.user(user_id)?.ok_or(Error::NotFound)?;
    actor.require(actor.user_id == Some(user_id) || actor.user_id.is_none())?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(Error::field(
            "name",
            "Beri nama token (maks. 80 karakter).",
            "Name the token (max 80 characters).",
        ));
    }
    let secret = format!("lnt_{}", new_secret());
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Create, "api_token", now)
        .region(user.scope_region.clone())
        .after(&serde_json::json!({"user": user.username, "name": name}));
    let token = env.store.insert_token(user.id, name, &secret_hash(&secret), &secret[..12], now, audit)?;
    Ok((token, secret))
}

pub fn tokens(env: &Env, actor: &Actor) -> Result<Vec<ApiToken>> {
    env.store.tokens(Some(actor.user_id.ok_or(Error::Forbidden)?))
}

/// Revokes one of the actor's own tokens (a national admin may revoke anyone's).
pub fn revoke_token(env: &Env, actor: &Actor, id: i64) -> Result<()> {
    let token = env.store.token(id)?.ok_or(Error::NotFound)?;
    let own = actor.user_id == Some(token.user_id);
    if !own && actor.role != Role::NationalAdmin {
        return Err(Error::NotFound);
    }
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let now = env.now();
    let audit = AuditRecord::new(actor, AuditAction::Delete, "api_token", now).id(id).before(&token);
    env.store.revoke_token(id, now, audit)
}

/// Whether the first administrator is still to be created (no account exists).
pub fn setup_pending(env: &Env) -> Result<bool> {
    Ok(env.store.user_count()? == 0)
}

/// When no account exists yet, makes a one-time link secret for creating the first admin.
pub fn setup_token_if_needed(env: &Env) -> Result<Option<String>> {
    if !setup_pending(env)? {
        return Ok(None);
    }
    let secret = new_secret();
    env.store.save_setup_token(&secret_hash(&secret), env.now())?;
    Ok(Some(secret))
}

/// Creates the national administrator through the one-time setup link.
pub fn complete_setup(env: &Env, secret: &str, username: &str, full_name: &str, password: &str) -> Result<User> {
    // Validate first so that a typo does not burn the link.
    let input = NewUserInput {
        username: username.into(),
        full_name: full_name.into(),
        role: Role::NationalAdmin.code().into(),
        scope: Some("nation".into()),
        password: password.into(),
        ..Default::default()
    };
    let mut errs = Errors::default();
    let _ = validate_username(username).map_err(|e| errs.extend(e));
    let _ = validate_password(password, "password").map_err(|e| errs.extend(e));
    if full_name.trim().is_empty() {
        errs.add("full_name", "Nama lengkap wajib diisi.", "Full name is required.");
    }
    errs.finish()?;
    if !env.store.consume_setup_token(&secret_hash(secret), env.now())? {
        return Err(Error::NotFound);
    }
    create_user(env, &Actor::operator(), &input)
}
