-- Budget-calendar steps a deployment moved from their legal dates (the dates themselves live
-- in lentera-core's calendar.rs).
CREATE TABLE budget_calendar (
    step  TEXT PRIMARY KEY,
    month INTEGER NOT NULL,
    day   INTEGER NOT NULL
);
