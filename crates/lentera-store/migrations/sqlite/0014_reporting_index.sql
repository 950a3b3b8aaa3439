-- Reporting completeness and timeliness over a span read only this index (no table rows):
-- the months' sent reports with their library and submission time.
CREATE INDEX monthly_reports_sent ON monthly_reports(period, region_code, status, library_id, submitted_at);

-- Libraries by the year they joined the programme (a measure added with this index).
INSERT INTO indicators (code, name, name_en, definition, measure, headline, position, built_in) VALUES
    ('perpustakaan_bergabung', 'Perpustakaan yang bergabung', 'Libraries joining the programme',
     'Perpustakaan aktif yang bergabung dengan TPBIS pada tahun-tahun periode (menurut tahun program).',
     'perpustakaan_bergabung', 0, 113, 1);
