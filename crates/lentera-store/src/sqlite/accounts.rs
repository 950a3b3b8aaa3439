//! Users, sessions, API tokens and sign-in attempts (the throttle's counters).

use rusqlite::{OptionalExtension, Row, params};

use super::{SqliteStore, bad, db_err, subtree, write_audit};
use lentera_core::audit::AuditRecord;
use lentera_core::ids::LibraryId;
use lentera_core::library::{Page, PageRequest};
use lentera_core::region::RegionCode;
use lentera_core::store::{AccountStore, NewUser, Session, UserSecret};
use lentera_core::text::fold;
use lentera_core::user::{ApiToken, Role, Scope, User};
use lentera_core::{Error, Result};

const USER_COLUMNS: &str = "u.id, u.username, u.full_name, u.email, u.phone, u.role, u.scope_kind, u.scope_code,
    u.scope_library_id, u.scope_region, u.active, u.created_at, u.updated_at";

fn user_row(r: &Row) -> rusqlite::Result<User> {
    let role: String = r.get(5)?;
    let kind: String = r.get(6)?;
    let code: Option<String> = r.get(7)?;
    let lib: Option<i64> = r.get(8)?;
    let region: Option<String> = r.get(9)?;
    let scope = match (kind.as_str(), code, lib) {
        ("nation", _, _) => Scope::Nation,
        ("region", Some(c), _) => Scope::Region { code: RegionCode::parse(&c).map_err(|_| bad(7))? },
        ("library", _, Some(id)) => Scope::Library { library_id: LibraryId::new(id) },
        _ => return Err(bad(6)),
    };
    Ok(User {
        id: r.get(0)?,
        username: r.get(1)?,
        full_name: r.get(2)?,
        email: r.get(3)?,
        phone: r.get(4)?,
        role: Role::parse(&role).ok_or_else(|| bad(5))?,
        scope,
        scope_region: region.map(|c| RegionCode::parse(&c)).transpose().map_err(|_| bad(9))?,
        active: r.get(10)?,
        created_at: r.get(11)?,
        updated_at: r.get(12)?,
    })
}

fn scope_columns(s: &Scope) -> (&'static str, Option<String>, Option<i64>) {
    match s {
        Scope::Nation => ("nation", None, None),
        Scope::Region { code } => ("region", Some(code.to_string()), None),
        Scope::Library { library_id } => ("library", None, Some(library_id.get())),
    }
}

fn token_row(r: &Row) -> rusqlite::Result<ApiToken> {
    Ok(ApiToken {
        id: r.get(0)?,
        user_id: r.get(1)?,
        name: r.get(2)?,
        prefix: r.get(3)?,
        created_at: r.get(4)?,
        last_used_at: r.get(5)?,
        revoked_at: r.get(6)?,
    })
}

fn get_user(c: &rusqlite::Connection, id: i64) -> Result<Option<User>> {
    c.prepare_cached(&format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = ?"))
        .map_err(db_err)?
        .query_row([id], user_row)
        .optional()
        .map_err(db_err)
}

impl AccountStore for SqliteStore {
    fn user_count(&self) -> Result<i64> {
        self.read(|c| c.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).map_err(db_err))
    }

    fn users_with_role(&self, role: Role, limit: i64) -> Result<Vec<User>> {
        self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS} FROM users u WHERE u.role = ? AND u.active = 1 ORDER BY u.search_name LIMIT ?"
            ))
            .map_err(db_err)?
            .query_map(params![role.code(), limit], user_row)
            .map_err(db_err)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(db_err)
        })
    }

    fn user(&self, id: i64) -> Result<Option<User>> {
        self.read(|c| get_user(c, id))
    }

    fn user_secret(&self, username: &str) -> Result<Option<UserSecret>> {
        self.read(|c| {
            c.prepare_cached(&format!("SELECT {USER_COLUMNS}, u.password_hash FROM users u WHERE u.username = ?"))
                .map_err(db_err)?
                .query_row([username.trim().to_ascii_lowercase()], |r| {
                    Ok(UserSecret { user: user_row(r)?, password_hash: r.get(13)? })
                })
                .optional()
                .map_err(db_err)
        })
    }

    fn list_users(&self, within: Option<&RegionCode>, query: Option<&str>, page: PageRequest) -> Result<Page<User>> {
        let (lo, hi) = within.map(|w| subtree(w.as_str())).unwrap_or_default();
        let nation = within.is_none();
        let q = query.map(|q| format!("%{}%", fold(q))).unwrap_or_else(|| "%".into());
        self.read(|c| {
            let cond = "(?1 OR (u.scope_region >= ?2 AND u.scope_region < ?3)) AND (u.search_name LIKE ?4)";
            let total: i64 = c
                .query_row(&format!("SELECT count(*) FROM users u WHERE {cond}"), params![nation, lo, hi, q], |r| {
                    r.get(0)
                })
                .map_err(db_err)?;
            let mut stmt = c
                .prepare(&format!(
                    "SELECT {USER_COLUMNS} FROM users u WHERE {cond} ORDER BY u.username LIMIT ?5 OFFSET ?6"
                ))
                .map_err(db_err)?;
            let items = stmt
                .query_map(params![nation, lo, hi, q, page.per_page, page.offset()], user_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(Page { items, total, page: page.page, per_page: page.per_page })
        })
    }

    fn insert_user(&self, u: &NewUser, now: i64, audit: AuditRecord) -> Result<User> {
        let (kind, code, lib) = scope_columns(&u.scope);
        self.write(|tx| {
            tx.execute(
                "INSERT INTO users (username, full_name, search_name, email, phone, role, scope_kind, scope_code, scope_library_id,
                   scope_region, password_hash, active, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?)",
                params![
                    u.username,
                    u.full_name,
                    format!("{} {}", u.username, fold(&u.full_name)),
                    u.email,
                    u.phone,
                    u.role.code(),
                    kind,
                    code,
                    lib,
                    u.scope_region.as_ref().map(|c| c.as_str()),
                    u.password_hash,
                    now,
                    now
                ],
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            get_user(tx, id)?.ok_or_else(|| Error::unexpected("inserted user vanished"))
        })
    }

    fn update_user(&self, u: &User, now: i64, audit: AuditRecord) -> Result<User> {
        let (kind, code, lib) = scope_columns(&u.scope);
        self.write(|tx| {
            let n = tx
                .execute(
                    "UPDATE users SET full_name=?, search_name=?, email=?, phone=?, role=?, scope_kind=?, scope_code=?,
                       scope_library_id=?, scope_region=?, active=?, updated_at=? WHERE id=?",
                    params![
                        u.full_name,
                        format!("{} {}", u.username, fold(&u.full_name)),
                        u.email,
                        u.phone,
                        u.role.code(),
                        kind,
                        code,
                        lib,
                        u.scope_region.as_ref().map(|c| c.as_str()),
                        u.active,
                        now,
                        u.id
                    ],
                )
                .map_err(db_err)?;
            if n == 0 {
                return Err(Error::NotFound);
            }
            if !u.active {
                tx.execute("DELETE FROM sessions WHERE user_id = ?", [u.id]).map_err(db_err)?;
            }
            write_audit(tx, &audit, Some(u.id))?;
            get_user(tx, u.id)?.ok_or(Error::NotFound)
        })
    }

    fn set_password(
        &self,
        user_id: i64,
        hash: &str,
        keep_session: Option<&str>,
        now: i64,
        audit: AuditRecord,
    ) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?", params![hash, now, user_id])
                .map_err(db_err)?;
            tx.execute("DELETE FROM sessions WHERE user_id = ? AND id_hash IS NOT ?", params![user_id, keep_session])
                .map_err(db_err)?;
            write_audit(tx, &audit, Some(user_id))
        })
    }

    fn create_session(&self, id_hash: &str, user_id: i64, csrf: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
                params![id_hash, user_id, csrf, now, now],
            )
            .map_err(db_err)?;
            Ok(())
        })
    }

    fn session(&self, id_hash: &str, now: i64, idle_secs: i64) -> Result<Option<Session>> {
        let found = self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, s.csrf_token, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
                 WHERE s.id_hash = ? AND u.active = 1"
            ))
            .map_err(db_err)?
            .query_row([id_hash], |r| {
                Ok(Session { user: user_row(r)?, csrf_token: r.get(13)?, last_seen_at: r.get(14)? })
            })
            .optional()
            .map_err(db_err)
        })?;
        match found {
            Some(s) if s.last_seen_at + idle_secs < now => {
                self.delete_session(id_hash)?;
                Ok(None)
            }
            Some(s) => {
                // Touch at most once a minute: sessions should not turn every read into a write.
                if now - s.last_seen_at > 60 {
                    self.write(|tx| {
                        tx.execute("UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?", params![now, id_hash])
                            .map_err(db_err)
                    })?;
                }
                Ok(Some(s))
            }
            None => Ok(None),
        }
    }

    fn delete_session(&self, id_hash: &str) -> Result<()> {
        self.write(|tx| tx.execute("DELETE FROM sessions WHERE id_hash = ?", [id_hash]).map_err(db_err).map(|_| ()))
    }

    fn record_failed_login(&self, key: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("DELETE FROM login_failures WHERE at < ?", [now - 86_400]).map_err(db_err)?;
            tx.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", params![key, now]).map_err(db_err)?;
            Ok(())
        })
    }

    fn take_attempts(&self, keys: &[(&str, i64)], since: i64, now: i64) -> Result<Option<Vec<i64>>> {
        self.write(|tx| {
            for (key, limit) in keys {
                let n: i64 = tx
                    .query_row(
                        "SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?",
                        params![key, since],
                        |r| r.get(0),
                    )
                    .map_err(db_err)?;
                if n >= *limit {
                    return Ok(None);
                }
            }
            let mut ids = Vec::with_capacity(keys.len());
            for (key, _) in keys {
                tx.execute("INSERT INTO login_failures (key, at) VALUES (?, ?)", params![key, now]).map_err(db_err)?;
                ids.push(tx.last_insert_rowid());
            }
            Ok(Some(ids))
        })
    }

    fn release_attempts(&self, ids: &[i64]) -> Result<()> {
        self.write(|tx| {
            for id in ids {
                tx.execute("DELETE FROM login_failures WHERE rowid = ?", [id]).map_err(db_err)?;
            }
            Ok(())
        })
    }

    fn failed_logins_since(&self, key: &str, since: i64) -> Result<i64> {
        self.read(|c| {
            c.query_row("SELECT count(*) FROM login_failures WHERE key = ? AND at >= ?", params![key, since], |r| {
                r.get(0)
            })
            .map_err(db_err)
        })
    }

    fn clear_failed_logins(&self, key: &str) -> Result<()> {
        self.write(|tx| tx.execute("DELETE FROM login_failures WHERE key = ?", [key]).map_err(db_err).map(|_| ()))
    }

    fn insert_token(
        &self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        prefix: &str,
        now: i64,
        audit: AuditRecord,
    ) -> Result<ApiToken> {
        self.write(|tx| {
            tx.execute(
                "INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at) VALUES (?, ?, ?, ?, ?)",
                params![user_id, name, token_hash, prefix, now],
            )
            .map_err(db_err)?;
            let id = tx.last_insert_rowid();
            write_audit(tx, &audit, Some(id))?;
            tx.query_row(
                "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = ?",
                [id],
                token_row,
            )
            .map_err(db_err)
        })
    }

    fn tokens(&self, user_id: Option<i64>) -> Result<Vec<ApiToken>> {
        self.read(|c| {
            let mut stmt = c
                .prepare(
                    "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens
                     WHERE ?1 IS NULL OR user_id = ?1 ORDER BY id DESC",
                )
                .map_err(db_err)?;
            let rows = stmt
                .query_map([user_id], token_row)
                .map_err(db_err)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(db_err)?;
            Ok(rows)
        })
    }

    fn token(&self, id: i64) -> Result<Option<ApiToken>> {
        self.read(|c| {
            c.query_row(
                "SELECT id, user_id, name, prefix, created_at, last_used_at, revoked_at FROM api_tokens WHERE id = ?",
                [id],
                token_row,
            )
            .optional()
            .map_err(db_err)
        })
    }

    fn revoke_token(&self, id: i64, now: i64, audit: AuditRecord) -> Result<()> {
        self.write(|tx| {
            tx.execute("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", params![now, id])
                .map_err(db_err)?;
            write_audit(tx, &audit, Some(id))
        })
    }

    fn user_by_token(&self, token_hash: &str, now: i64) -> Result<Option<User>> {
        let found: Option<(i64, Option<i64>, User)> = self.read(|c| {
            c.prepare_cached(&format!(
                "SELECT {USER_COLUMNS}, t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.active = 1"
            ))
            .map_err(db_err)?
            .query_row([token_hash], |r| Ok((r.get(13)?, r.get(14)?, user_row(r)?)))
            .optional()
            .map_err(db_err)
        })?;
        let Some((token_id, last_used, user)) = found else { return Ok(None) };
        if last_used.is_none_or(|t| now - t > 60) {
            self.write(|tx| {
                tx.execute("UPDATE api_tokens SET last_used_at = ? WHERE id = ?", params![now, token_id])
                    .map_err(db_err)
            })?;
        }
        Ok(Some(user))
    }

    fn save_setup_token(&self, token_hash: &str, now: i64) -> Result<()> {
        self.write(|tx| {
            tx.execute("INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)", params![token_hash, now])
                .map_err(db_err)?;
            Ok(())
        })
    }

    fn consume_setup_token(&self, token_hash: &str, now: i64) -> Result<bool> {
        self.write(|tx| {
            let users: i64 = tx.query_row("SELECT count(*) FROM users", [], |r| r.get(0)).map_err(db_err)?;
            if users > 0 {
                return Ok(false);
            }
            let n = tx
                .execute(
                    "UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL",
                    params![now, token_hash],
                )
                .map_err(db_err)?;
            Ok(n == 1)
        })
    }
}
