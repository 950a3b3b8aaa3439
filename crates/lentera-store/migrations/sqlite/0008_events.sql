-- Programme events (Bimtek SPP-TIK and the other meetings): managed lists of event types and
-- curriculum modules, events with trainers, agenda and quotas, people reused across events,
-- registrations and attendance per event day.
CREATE TABLE event_types (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    retired INTEGER NOT NULL DEFAULT 0
);
INSERT INTO event_types (name) VALUES
    ('Sosialisasi'),
    ('Stakeholder Meeting'),
    ('Bimtek SPP-TIK'),
    ('Peer Learning Meeting'),
    ('Penguatan Kapasitas Fasilitator'),
    ('Pembekalan Master Trainer'),
    ('Bimtek SIM'),
    ('Webinar/Gathering'),
    ('Monitoring visit'),
    ('Replication training');

CREATE TABLE curriculum_modules (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    retired INTEGER NOT NULL DEFAULT 0
);
INSERT INTO curriculum_modules (name) VALUES
    ('Program TPBIS dan perpustakaan sebagai pusat belajar masyarakat'),
    ('Layanan informasi dan TIK'),
    ('Kebutuhan masyarakat dan pelibatan masyarakat'),
    ('Advokasi (sasaran, pesan, lobi)'),
    ('Kemitraan'),
    ('Promosi, publikasi dan media sosial'),
    ('Dokumentasi dan pelaporan'),
    ('Rencana kerja dan penganggaran (APBD, dana desa)'),
    ('Praktik TIK (aplikasi perkantoran, internet, dokumentasi daring, konferensi video)');

CREATE TABLE events (
    id                   INTEGER PRIMARY KEY,
    name                 TEXT NOT NULL,
    search_name          TEXT NOT NULL,
    type_id              INTEGER NOT NULL REFERENCES event_types(id),
    year                 INTEGER NOT NULL,
    batch                INTEGER,
    province_code        TEXT NOT NULL,
    -- NULL: Perpusnas; otherwise the region of the organising office.
    organiser_region     TEXT,
    mode                 TEXT NOT NULL,
    venue                TEXT,
    meeting_link         TEXT,
    start_date           TEXT NOT NULL,
    end_date             TEXT NOT NULL,
    daily_start          TEXT NOT NULL,
    daily_end            TEXT NOT NULL,
    lesson_hours         INTEGER NOT NULL,
    capacity             INTEGER,
    attendance_threshold INTEGER NOT NULL,
    online_min_share     INTEGER NOT NULL,
    signatory_name       TEXT,
    signatory_title      TEXT,
    description          TEXT,
    registration_open    INTEGER NOT NULL DEFAULT 0,
    -- The public self-registration link carries this code.
    registration_code    TEXT NOT NULL UNIQUE,
    -- Keys the daily check-in QR codes; never leaves the server.
    checkin_secret       TEXT NOT NULL,
    created_at           INTEGER NOT NULL,
    updated_at           INTEGER NOT NULL,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX events_year ON events(year, province_code);
CREATE INDEX events_start ON events(start_date);

CREATE TABLE event_trainers (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id  INTEGER REFERENCES users(id),
    name     TEXT NOT NULL
);
CREATE INDEX event_trainers_event ON event_trainers(event_id);
CREATE INDEX event_trainers_user ON event_trainers(user_id);

CREATE TABLE event_sessions (
    id         INTEGER PRIMARY KEY,
    event_id   INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    start_time TEXT NOT NULL,
    end_time   TEXT NOT NULL,
    title      TEXT NOT NULL,
    module_id  INTEGER REFERENCES curriculum_modules(id),
    trainer    TEXT
);
CREATE INDEX event_sessions_event ON event_sessions(event_id, day, start_time);

-- Seats per institution, by library type (e.g. each village library 3).
CREATE TABLE event_quotas (
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    library_type    TEXT NOT NULL,
    per_institution INTEGER NOT NULL,
    PRIMARY KEY (event_id, library_type)
);

CREATE TABLE people (
    id               INTEGER PRIMARY KEY,
    full_name        TEXT NOT NULL,
    search_name      TEXT NOT NULL,
    gender           TEXT NOT NULL,
    position         TEXT,
    library_id       INTEGER REFERENCES libraries(id),
    institution      TEXT,
    region_code      TEXT NOT NULL,
    phone            TEXT,
    phone_norm       TEXT,
    email            TEXT,
    email_norm       TEXT,
    -- Set when this record was merged into another one (a duplicate).
    merged_into      INTEGER REFERENCES people(id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX people_phone ON people(phone_norm) WHERE phone_norm IS NOT NULL;
CREATE INDEX people_email ON people(email_norm) WHERE email_norm IS NOT NULL;
CREATE INDEX people_library ON people(library_id);
CREATE INDEX people_region ON people(region_code);
CREATE INDEX people_name ON people(search_name);

CREATE TABLE registrations (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id    INTEGER NOT NULL REFERENCES people(id),
    status       TEXT NOT NULL,
    -- Typed by the participant to check in and take tests.
    code         TEXT NOT NULL,
    self_registered INTEGER NOT NULL DEFAULT 0,
    nominated_by INTEGER REFERENCES users(id),
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    UNIQUE (event_id, person_id),
    UNIQUE (event_id, code)
);
CREATE INDEX registrations_person ON registrations(person_id);

CREATE TABLE attendance (
    registration_id INTEGER NOT NULL REFERENCES registrations(id) ON DELETE CASCADE,
    day             TEXT NOT NULL,
    present         INTEGER NOT NULL,
    source          TEXT NOT NULL,
    minutes         INTEGER,
    recorded_at     INTEGER NOT NULL,
    PRIMARY KEY (registration_id, day)
);
