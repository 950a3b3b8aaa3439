-- Lentera schema v1: regions, libraries, accounts, sessions, tokens, audit.
-- Region codes are stored in their dotted official form; a region's subtree is the code
-- range [code, code || '/') because '/' sorts right after '.' and before the digits.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    parent_code TEXT,
    level       INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    name        TEXT NOT NULL,
    search_name TEXT NOT NULL,
    kind        TEXT
) WITHOUT ROWID;
CREATE INDEX regions_parent ON regions(parent_code, code);

CREATE TABLE libraries (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL,
    search_name        TEXT NOT NULL,
    library_type       TEXT NOT NULL,
    status             TEXT NOT NULL,
    npp                TEXT UNIQUE,
    region_code        TEXT NOT NULL REFERENCES regions(code),
    address            TEXT,
    latitude           REAL,
    longitude          REAL,
    parent_institution TEXT,
    founded_year       INTEGER,
    head_name          TEXT,
    phone              TEXT,
    email              TEXT,
    opening_days       TEXT,
    building_area_m2   INTEGER,
    programme_year     INTEGER,
    programme_tier     TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX libraries_region ON libraries(region_code);
CREATE INDEX libraries_name ON libraries(search_name, id);
CREATE INDEX libraries_programme ON libraries(programme_year, programme_tier) WHERE programme_year IS NOT NULL;
CREATE INDEX libraries_updated ON libraries(updated_at);

CREATE TABLE library_ktak (
    library_id        INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    year              INTEGER NOT NULL,
    collection_titles INTEGER,
    collection_copies INTEGER,
    staff_librarians  INTEGER,
    staff_other       INTEGER,
    members           INTEGER,
    visits            INTEGER,
    PRIMARY KEY (library_id, year)
) WITHOUT ROWID;

CREATE TABLE users (
    id               INTEGER PRIMARY KEY,
    username         TEXT NOT NULL UNIQUE,
    full_name        TEXT NOT NULL,
    search_name      TEXT NOT NULL,
    email            TEXT,
    phone            TEXT,
    role             TEXT NOT NULL,
    scope_kind       TEXT NOT NULL CHECK (scope_kind IN ('nation', 'region', 'library')),
    scope_code       TEXT REFERENCES regions(code),
    scope_library_id INTEGER REFERENCES libraries(id),
    scope_region     TEXT,
    password_hash    TEXT NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX users_scope_region ON users(scope_region);

CREATE TABLE sessions (
    id_hash      TEXT PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE login_failures (
    key TEXT NOT NULL,
    at  INTEGER NOT NULL
);
CREATE INDEX login_failures_key ON login_failures(key, at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) WITHOUT ROWID;

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            INTEGER NOT NULL,
    actor_user_id INTEGER,
    actor_name    TEXT NOT NULL,
    action        TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     INTEGER,
    region_code   TEXT,
    before_json   TEXT,
    after_json    TEXT
);
CREATE INDEX audit_region ON audit_log(region_code, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
