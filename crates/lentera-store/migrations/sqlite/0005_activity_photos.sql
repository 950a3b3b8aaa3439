-- Photos documenting an activity. The files (a web-size copy and a thumbnail, re-encoded
-- without metadata) live under the data directory, named by `name`.
CREATE TABLE activity_photos (
    id          INTEGER PRIMARY KEY,
    activity_id INTEGER NOT NULL REFERENCES activities(id) ON DELETE CASCADE,
    name        TEXT NOT NULL UNIQUE,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    bytes       INTEGER NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX activity_photos_activity ON activity_photos(activity_id, id);
