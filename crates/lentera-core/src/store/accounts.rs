//! Accounts: users, sessions, sign-in throttling, API tokens and the first-run setup token.

use crate::Result;
use crate::audit::AuditRecord;
use crate::library::{Page, PageRequest};
use crate::region::RegionCode;
use crate::user::{ApiToken, Role, Scope, User};

/// A user row together with what only the account services may see.
#[derive(Debug, Clone)]
pub struct UserSecret {
    pub user: User,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub username: String,
    pub full_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub role: Role,
    pub scope: Scope,
    pub scope_region: Option<RegionCode>,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
    pub last_seen_at: i64,
}

pub trait AccountStore {
    fn user_count(&self) -> Result<i64>;
    /// Active users of one role (e.g. the trainers to choose from), by name.
    fn users_with_role(&self, role: Role, limit: i64) -> Result<Vec<User>>;
    fn user(&self, id: i64) -> Result<Option<User>>;
    fn user_secret(&self, username: &str) -> Result<Option<UserSecret>>;
    /// Users whose scope lies in `within` (`None`: all), matching a folded query.
    fn list_users(&self, within: Option<&RegionCode>, query: Option<&str>, page: PageRequest) -> Result<Page<User>>;
    fn insert_user(&self, user: &NewUser, now: i64, audit: AuditRecord) -> Result<User>;
    fn update_user(&self, user: &User, now: i64, audit: AuditRecord) -> Result<User>;
    /// Sets a new password hash and ends the user's other sessions (all but `keep_session`).
    fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        keep_session: Option<&str>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()>;

    fn create_session(&self, id_hash: &str, user_id: i64, csrf: &str, now: i64) -> Result<()>;
    /// The live session with this id hash, if it was seen within `idle_secs`; touches it.
    fn session(&self, id_hash: &str, now: i64, idle_secs: i64) -> Result<Option<Session>>;
    fn delete_session(&self, id_hash: &str) -> Result<()>;

    fn record_failed_login(&self, key: &str, now: i64) -> Result<()>;
    /// Atomically: when fewer than `limit` attempts under each key were recorded since
    /// `since`, records one under each and returns their ids; otherwise records nothing.
    /// Concurrent callers cannot both take the last attempt.
    fn take_attempts(&self, keys: &[(&str, i64)], since: i64, now: i64) -> Result<Option<Vec<i64>>>;
    /// Forgets attempts taken by [`Store::take_attempts`] (a sign-in that succeeded).
    fn release_attempts(&self, ids: &[i64]) -> Result<()>;
    fn failed_logins_since(&self, key: &str, since: i64) -> Result<i64>;
    fn clear_failed_logins(&self, key: &str) -> Result<()>;

    fn insert_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        now: i64,
        audit: AuditRecord,
    ) -> Result<ApiToken>;
    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>>;
    fn token(&self, id: i64) -> Result<Option<ApiToken>>;
    fn revoke_token(&self, id: i64, now: i64, audit: AuditRecord) -> Result<()>;
    /// The active user behind a live token; touches the token's last use.
    fn user_by_token(&self, token_hash: &str, now: i64) -> Result<Option<User>>;

    fn save_setup_token(&self, token_hash: &str, now: i64) -> Result<()>;
    /// Uses up a setup token; true when it existed, was unused and no user exists yet.
    fn consume_setup_token(&self, token_hash: &str, now: i64) -> Result<bool>;
}
