-- Aggregates of approved reports, kept per region at every level (nation '', province,
-- regency, district, village) and month, so a dashboard for any region reads a handful of
-- rows. Maintained in the same transaction as the approval or reopening that changes them;
-- sql/rebuild_aggregates.sql recomputes them (run right after this migration and after bulk
-- demo loads).
CREATE TABLE agg_activities (
    region       TEXT NOT NULL,
    depth        INTEGER NOT NULL,
    period       TEXT NOT NULL,
    category_id  INTEGER NOT NULL,
    activities   INTEGER NOT NULL,
    male         INTEGER NOT NULL,
    female       INTEGER NOT NULL,
    children     INTEGER NOT NULL,
    teens        INTEGER NOT NULL,
    adults       INTEGER NOT NULL,
    elderly      INTEGER NOT NULL,
    disabled     INTEGER NOT NULL,
    stories      INTEGER NOT NULL,
    income_rupiah INTEGER NOT NULL,
    PRIMARY KEY (region, period, category_id)
) WITHOUT ROWID;
-- Children of a region: a code range within one level.
CREATE INDEX agg_activities_level ON agg_activities(depth, region, period);

CREATE TABLE agg_monthly (
    region          TEXT NOT NULL,
    depth           INTEGER NOT NULL,
    period          TEXT NOT NULL,
    reports         INTEGER NOT NULL,
    visitors_male   INTEGER NOT NULL,
    visitors_female INTEGER NOT NULL,
    new_members     INTEGER NOT NULL,
    total_members   INTEGER NOT NULL,
    loans           INTEGER NOT NULL,
    onsite_reading  INTEGER NOT NULL,
    ict_users       INTEGER NOT NULL,
    PRIMARY KEY (region, period)
) WITHOUT ROWID;
CREATE INDEX agg_monthly_level ON agg_monthly(depth, region, period);
