-- What comes out of an event: pre/post-tests from a question bank, the evaluation survey,
-- certificates, and each library's follow-up plan.
CREATE TABLE questions (
    id          INTEGER PRIMARY KEY,
    module_id   INTEGER NOT NULL REFERENCES curriculum_modules(id),
    text        TEXT NOT NULL,
    -- JSON array of the answer options, in order.
    options     TEXT NOT NULL,
    -- Index (from 0) of the correct option.
    correct     INTEGER NOT NULL,
    explanation TEXT,
    retired     INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX questions_module ON questions(module_id);

-- A test of an event (`pre` or `post`), assembled from the bank.
CREATE TABLE event_tests (
    event_id           INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind               TEXT NOT NULL CHECK (kind IN ('pre', 'post')),
    -- JSON array of question ids, in the order shown.
    question_ids       TEXT NOT NULL,
    time_limit_minutes INTEGER,
    open               INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (event_id, kind)
);

CREATE TABLE test_attempts (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    started_at      INTEGER NOT NULL,
    submitted_at    INTEGER,
    -- JSON array: the chosen option per question (null when left blank).
    answers         TEXT,
    score           INTEGER,
    total           INTEGER,
    UNIQUE (event_id, kind, registration_id)
);

CREATE TABLE evaluations (
    id              INTEGER PRIMARY KEY,
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    content         INTEGER NOT NULL CHECK (content BETWEEN 1 AND 5),
    trainers        INTEGER NOT NULL CHECK (trainers BETWEEN 1 AND 5),
    organisation    INTEGER NOT NULL CHECK (organisation BETWEEN 1 AND 5),
    comments        TEXT,
    submitted_at    INTEGER NOT NULL,
    UNIQUE (event_id, registration_id)
);

CREATE TABLE certificates (
    id              INTEGER PRIMARY KEY,
    registration_id INTEGER NOT NULL UNIQUE REFERENCES registrations(id),
    -- Printed on the certificate and checked at /verifikasi/{number}.
    number          TEXT NOT NULL UNIQUE,
    issued_at       INTEGER NOT NULL,
    revoked_at      INTEGER,
    revoked_reason  TEXT
);

-- What a participating library will do after the event (one plan per library and event).
CREATE TABLE follow_up_plans (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    library_id   INTEGER NOT NULL REFERENCES libraries(id),
    plan         TEXT NOT NULL,
    target_date  TEXT,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (event_id, library_id)
);
CREATE INDEX follow_up_plans_library ON follow_up_plans(library_id);
