-- The partners of an activity report as stakeholders (the report's `partners` text stays as
-- written; the matching helper turns it into these links once a person confirms them).
CREATE TABLE activity_partners (
    activity_id    INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    stakeholder_id INTEGER NOT NULL REFERENCES stakeholders(id),
    PRIMARY KEY (activity_id, stakeholder_id)
);
CREATE INDEX activity_partners_by_stakeholder ON activity_partners (stakeholder_id);
