-- Equipment a library received (e.g. with TPBIS full support), so its use can be monitored.
CREATE TABLE library_equipment (
    id            INTEGER PRIMARY KEY,
    library_id    INTEGER NOT NULL REFERENCES libraries(id) ON DELETE CASCADE,
    item          TEXT NOT NULL,
    description   TEXT,
    quantity      INTEGER NOT NULL CHECK (quantity > 0),
    year_received INTEGER,
    source        TEXT,
    condition     TEXT NOT NULL,
    in_use        INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX library_equipment_library ON library_equipment(library_id);
