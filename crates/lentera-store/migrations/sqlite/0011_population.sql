-- Population served (IPLM's "aspek masyarakat", AM) per region, year and library group.
CREATE TABLE population (
    region_code TEXT NOT NULL,
    year        INTEGER NOT NULL,
    grp         TEXT NOT NULL,
    people      INTEGER NOT NULL,
    PRIMARY KEY (region_code, year, grp)
) WITHOUT ROWID;
