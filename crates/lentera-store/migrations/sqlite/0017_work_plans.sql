-- Work plans: one per library per year and revision, reviewed like reports (one level).
-- Rows keep a number (`no`) across revisions so recorded amounts and activity links hold.
CREATE TABLE work_plans (
    id             INTEGER PRIMARY KEY,
    client_id      TEXT UNIQUE,
    library_id     INTEGER NOT NULL REFERENCES libraries(id),
    region_code    TEXT NOT NULL,
    year           INTEGER NOT NULL,
    revision       INTEGER NOT NULL,
    summary        TEXT,
    status         TEXT NOT NULL,
    review_comment TEXT,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1,
    UNIQUE (library_id, year, revision)
);
CREATE INDEX work_plans_region ON work_plans(region_code, year);
CREATE INDEX work_plans_status ON work_plans(status, year);

CREATE TABLE work_plan_needs (
    plan_id   INTEGER NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    no        INTEGER NOT NULL,
    problem   TEXT NOT NULL,
    need      TEXT NOT NULL,
    grp       TEXT NOT NULL,
    source    TEXT NOT NULL,
    PRIMARY KEY (plan_id, no)
);

CREATE TABLE work_plan_activities (
    plan_id             INTEGER NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    no                  INTEGER NOT NULL,
    title               TEXT NOT NULL,
    category_id         INTEGER NOT NULL REFERENCES activity_categories(id),
    month               INTEGER NOT NULL,
    target_group        TEXT NOT NULL,
    target_participants INTEGER NOT NULL,
    expected_result     TEXT,
    need_no             INTEGER,
    PRIMARY KEY (plan_id, no)
);

CREATE TABLE work_plan_lines (
    plan_id      INTEGER NOT NULL REFERENCES work_plans(id) ON DELETE CASCADE,
    no           INTEGER NOT NULL,
    source       TEXT NOT NULL,
    description  TEXT NOT NULL,
    activity_no  INTEGER,
    proposed     INTEGER NOT NULL,
    PRIMARY KEY (plan_id, no)
);

-- What the budget holder approved and what was spent, per library-year line: kept apart
-- from the revisions so a revision carries them.
CREATE TABLE budget_outcomes (
    library_id INTEGER NOT NULL REFERENCES libraries(id),
    year       INTEGER NOT NULL,
    line_no    INTEGER NOT NULL,
    approved   INTEGER,
    realised   INTEGER,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (library_id, year, line_no)
);

-- An activity report's planned activity and the plan lines that paid for it (line numbers
-- of its library's plan for the activity's year).
CREATE TABLE activity_plan_links (
    activity_id INTEGER PRIMARY KEY REFERENCES activities(id) ON DELETE CASCADE,
    planned_no  INTEGER
);
CREATE TABLE activity_funding (
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    line_no     INTEGER NOT NULL,
    amount      INTEGER NOT NULL,
    PRIMARY KEY (activity_id, line_no)
);
