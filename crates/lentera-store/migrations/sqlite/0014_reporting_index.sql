-- Reporting completeness and timeliness over a span read only this index (no table rows):
-- the months' sent reports with their library and submission time.
CREATE INDEX monthly_reports_sent ON monthly_reports(period, region_code, status, library_id, submitted_at);
