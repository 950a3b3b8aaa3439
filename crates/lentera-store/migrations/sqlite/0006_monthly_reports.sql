-- Monthly library figures, one report per library per month, reviewed like activities.
CREATE TABLE monthly_reports (
    id                INTEGER PRIMARY KEY,
    client_id         TEXT UNIQUE,
    library_id        INTEGER NOT NULL REFERENCES libraries(id),
    region_code       TEXT NOT NULL,
    period            TEXT NOT NULL,
    visitors_male     INTEGER NOT NULL,
    visitors_female   INTEGER NOT NULL,
    new_members       INTEGER NOT NULL,
    total_members     INTEGER NOT NULL,
    loans             INTEGER NOT NULL,
    onsite_reading    INTEGER NOT NULL,
    ict_users         INTEGER NOT NULL,
    collection_titles INTEGER NOT NULL,
    collection_copies INTEGER NOT NULL,
    staff_librarians  INTEGER NOT NULL,
    staff_other       INTEGER NOT NULL,
    status            TEXT NOT NULL,
    review_comment    TEXT,
    submitted_at      INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL DEFAULT 1,
    UNIQUE (library_id, period)
);
CREATE INDEX monthly_reports_region ON monthly_reports(region_code, period);
CREATE INDEX monthly_reports_period ON monthly_reports(period, status);
