-- Library counts per region (every level, plus '' for the nation), kept exact by triggers so
-- browsing the regions never scans the libraries. A library's own code and each of its
-- ancestors' codes are counted once (UNION removes the repeats of a non-village code).

CREATE TABLE region_library_counts (
    code TEXT PRIMARY KEY,
    n    INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO region_library_counts (code, n)
SELECT c, count(*) FROM (
    SELECT id, '' AS c FROM libraries
    UNION SELECT id, substr(region_code, 1, 2) FROM libraries
    UNION SELECT id, substr(region_code, 1, 5) FROM libraries
    UNION SELECT id, substr(region_code, 1, 8) FROM libraries
    UNION SELECT id, region_code FROM libraries
) GROUP BY c;

CREATE TRIGGER libraries_count_insert AFTER INSERT ON libraries BEGIN
    INSERT INTO region_library_counts (code, n)
    SELECT c, 1 FROM (
        SELECT '' AS c UNION SELECT substr(NEW.region_code, 1, 2) UNION SELECT substr(NEW.region_code, 1, 5)
        UNION SELECT substr(NEW.region_code, 1, 8) UNION SELECT NEW.region_code
    ) WHERE true
    ON CONFLICT (code) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER libraries_count_delete AFTER DELETE ON libraries BEGIN
    UPDATE region_library_counts SET n = n - 1 WHERE code IN (
        '', substr(OLD.region_code, 1, 2), substr(OLD.region_code, 1, 5), substr(OLD.region_code, 1, 8), OLD.region_code
    );
END;

CREATE TRIGGER libraries_count_move AFTER UPDATE OF region_code ON libraries
WHEN OLD.region_code <> NEW.region_code BEGIN
    UPDATE region_library_counts SET n = n - 1 WHERE code IN (
        '', substr(OLD.region_code, 1, 2), substr(OLD.region_code, 1, 5), substr(OLD.region_code, 1, 8), OLD.region_code
    );
    INSERT INTO region_library_counts (code, n)
    SELECT c, 1 FROM (
        SELECT '' AS c UNION SELECT substr(NEW.region_code, 1, 2) UNION SELECT substr(NEW.region_code, 1, 5)
        UNION SELECT substr(NEW.region_code, 1, 8) UNION SELECT NEW.region_code
    ) WHERE true
    ON CONFLICT (code) DO UPDATE SET n = n + 1;
END;

-- Type filters within a region (e.g. village libraries of a province) use this range.
CREATE INDEX libraries_type_region ON libraries(library_type, region_code);
