-- Stakeholders, advocacy activities and commitments. Each belongs to a library or, with no
-- library, to an office (the coordinators of its region).
CREATE TABLE stakeholders (
    id          INTEGER PRIMARY KEY,
    library_id  INTEGER REFERENCES libraries(id),
    region_code TEXT NOT NULL,
    name        TEXT NOT NULL,
    search_name TEXT NOT NULL,
    kind        TEXT NOT NULL,
    position    TEXT,
    phone       TEXT,
    email       TEXT,
    role        TEXT NOT NULL,
    since       TEXT,
    until       TEXT,
    notes       TEXT,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX stakeholders_region ON stakeholders(region_code);
CREATE INDEX stakeholders_library ON stakeholders(library_id);

CREATE TABLE advocacy_activities (
    id          INTEGER PRIMARY KEY,
    client_id   TEXT UNIQUE,
    library_id  INTEGER REFERENCES libraries(id),
    region_code TEXT NOT NULL,
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    message     TEXT NOT NULL,
    outcome     TEXT,
    created_by  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX advocacy_region ON advocacy_activities(region_code, date);
CREATE INDEX advocacy_library ON advocacy_activities(library_id, date);

CREATE TABLE advocacy_stakeholders (
    advocacy_id    INTEGER NOT NULL REFERENCES advocacy_activities(id) ON DELETE CASCADE,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id),
    PRIMARY KEY (advocacy_id, stakeholder_id)
);
CREATE INDEX advocacy_stakeholders_stakeholder ON advocacy_stakeholders(stakeholder_id);

-- A promise; money is expected in line `line_no` of the owner library's plan for `year`.
CREATE TABLE commitments (
    id             INTEGER PRIMARY KEY,
    advocacy_id    INTEGER NOT NULL REFERENCES advocacy_activities(id) ON DELETE CASCADE,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id),
    kind           TEXT NOT NULL,
    description    TEXT NOT NULL,
    source         TEXT,
    amount         INTEGER,
    year           INTEGER NOT NULL,
    due            TEXT,
    line_no        INTEGER,
    resolution     TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX commitments_advocacy ON commitments(advocacy_id);
CREATE INDEX commitments_stakeholder ON commitments(stakeholder_id);
