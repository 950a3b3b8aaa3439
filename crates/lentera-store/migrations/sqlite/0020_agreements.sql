-- Regulations and partnerships (owned like advocacy: a library, or an office's region) and
-- the documents of advocacy, regulations and partnerships (files on disk, named here).
CREATE TABLE regulations (
    id          INTEGER PRIMARY KEY,
    library_id  INTEGER REFERENCES libraries(id),
    region_code TEXT NOT NULL,
    title       TEXT NOT NULL,
    level       TEXT NOT NULL,
    status      TEXT NOT NULL,
    number      TEXT,
    enacted_on  TEXT,
    notes       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX regulations_region ON regulations(region_code);
CREATE INDEX regulations_library ON regulations(library_id);

CREATE TABLE regulation_advocacy (
    regulation_id INTEGER NOT NULL REFERENCES regulations(id) ON DELETE CASCADE,
    advocacy_id   INTEGER NOT NULL REFERENCES advocacy_activities(id),
    PRIMARY KEY (regulation_id, advocacy_id)
);

CREATE TABLE partnerships (
    id             INTEGER PRIMARY KEY,
    library_id     INTEGER REFERENCES libraries(id),
    region_code    TEXT NOT NULL,
    title          TEXT NOT NULL,
    partner        TEXT NOT NULL,
    stakeholder_id INTEGER REFERENCES stakeholders(id),
    starts_on      TEXT NOT NULL,
    ends_on        TEXT,
    library_brings TEXT NOT NULL,
    partner_brings TEXT NOT NULL,
    description    TEXT,
    value          INTEGER,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX partnerships_region ON partnerships(region_code);
CREATE INDEX partnerships_library ON partnerships(library_id);

CREATE TABLE documents (
    id           INTEGER PRIMARY KEY,
    owner        TEXT NOT NULL,
    owner_id     INTEGER NOT NULL,
    name         TEXT NOT NULL UNIQUE,
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    bytes        INTEGER NOT NULL,
    created_at   INTEGER NOT NULL
);
CREATE INDEX documents_owner ON documents(owner, owner_id);
