-- Community-engagement activity reports and their managed categories.

CREATE TABLE activity_categories (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    retired INTEGER NOT NULL DEFAULT 0
);
INSERT INTO activity_categories (name) VALUES
    ('Pelatihan keterampilan dan mata pencaharian'),
    ('Literasi baca-tulis'),
    ('Literasi digital dan TIK'),
    ('Kegiatan anak (mendongeng, bimbingan membaca)'),
    ('Kesehatan'),
    ('Budaya'),
    ('Lingkungan'),
    ('Promosi perpustakaan');

CREATE TABLE activities (
    id                  INTEGER PRIMARY KEY,
    -- A client-generated UUID: a retried submission finds the first one instead of a copy.
    client_id           TEXT UNIQUE,
    library_id          INTEGER NOT NULL REFERENCES libraries(id),
    region_code         TEXT NOT NULL,
    title               TEXT NOT NULL,
    search_title        TEXT NOT NULL,
    start_date          TEXT NOT NULL,
    end_date            TEXT NOT NULL,
    place               TEXT,
    category_id         INTEGER NOT NULL REFERENCES activity_categories(id),
    description         TEXT,
    resource_persons    TEXT,
    partners            TEXT,
    male                INTEGER NOT NULL,
    female              INTEGER NOT NULL,
    children            INTEGER NOT NULL,
    teens               INTEGER NOT NULL,
    adults              INTEGER NOT NULL,
    elderly             INTEGER NOT NULL,
    disabled            INTEGER NOT NULL,
    outputs             TEXT,
    income_participants INTEGER,
    income_rupiah       INTEGER,
    links               TEXT NOT NULL DEFAULT '',
    story               TEXT,
    story_consent       INTEGER NOT NULL DEFAULT 0,
    status              TEXT NOT NULL,
    review_comment      TEXT,
    created_by          INTEGER,
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activities_region ON activities(region_code, start_date);
CREATE INDEX activities_library ON activities(library_id, start_date);
CREATE INDEX activities_status ON activities(status, region_code);
CREATE INDEX activities_newest ON activities(start_date, id);
