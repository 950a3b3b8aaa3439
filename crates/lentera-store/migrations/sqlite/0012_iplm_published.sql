-- Officially published IPLM values, stored beside the computed ones. Seeded with the
-- published 2024 values for Nusa Tenggara Barat (docs/iplm.md).
CREATE TABLE iplm_published (
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    value       REAL NOT NULL,
    PRIMARY KEY (region_code, year)
) WITHOUT ROWID;
INSERT INTO iplm_published (region_code, year, value) VALUES
    ('52', 2024, 60.42),
    ('52.01', 2024, 43.60), ('52.02', 2024, 38.01), ('52.03', 2024, 45.24), ('52.04', 2024, 57.04),
    ('52.05', 2024, 38.88), ('52.06', 2024, 29.46), ('52.07', 2024, 58.20), ('52.08', 2024, 66.13),
    ('52.71', 2024, 59.71), ('52.72', 2024, 69.03);
