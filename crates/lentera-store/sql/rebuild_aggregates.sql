-- Recomputes the report aggregates from the reports that count (see migration 0010):
-- `:counted` is the core's counted status (ReportStatus::COUNTED). A report's figures go to
-- its own region and every region above it, down to the report's own level only (a
-- regency library's report counts once for its regency, never for districts or villages).
-- The conformance suite checks that this equals what approvals and reopenings maintain.
DELETE FROM agg_activities;
DELETE FROM agg_monthly;
WITH levels(depth, len) AS (VALUES (0, 0), (1, 2), (2, 5), (3, 8), (4, 13))
INSERT INTO agg_activities
SELECT substr(a.region_code, 1, l.len), l.depth, substr(a.start_date, 1, 7), a.category_id, count(*),
       sum(a.male), sum(a.female), sum(a.children), sum(a.teens), sum(a.adults), sum(a.elderly), sum(a.disabled),
       sum(a.story IS NOT NULL), sum(COALESCE(a.income_rupiah, 0))
FROM activities a JOIN levels l ON length(a.region_code) >= l.len
WHERE a.status = :counted
GROUP BY 1, 2, 3, 4;
WITH levels(depth, len) AS (VALUES (0, 0), (1, 2), (2, 5), (3, 8), (4, 13))
INSERT INTO agg_monthly
SELECT substr(m.region_code, 1, l.len), l.depth, m.period, count(*), sum(m.visitors_male), sum(m.visitors_female),
       sum(m.new_members), sum(m.total_members), sum(m.loans), sum(m.onsite_reading), sum(m.ict_users)
FROM monthly_reports m JOIN levels l ON length(m.region_code) >= l.len
WHERE m.status = :counted
GROUP BY 1, 2, 3;
