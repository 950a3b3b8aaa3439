-- Recomputes the report aggregates from the approved reports (see migration 0010).
DELETE FROM agg_activities;
DELETE FROM agg_monthly;
WITH levels(depth, len) AS (VALUES (0, 0), (1, 2), (2, 5), (3, 8), (4, 13))
INSERT INTO agg_activities
SELECT substr(a.region_code, 1, l.len), l.depth, substr(a.start_date, 1, 7), a.category_id, count(*),
       sum(a.male), sum(a.female), sum(a.children), sum(a.teens), sum(a.adults), sum(a.elderly), sum(a.disabled),
       sum(a.story IS NOT NULL), sum(COALESCE(a.income_rupiah, 0))
FROM activities a CROSS JOIN levels l
WHERE a.status = 'approved'
GROUP BY 1, 2, 3, 4;
WITH levels(depth, len) AS (VALUES (0, 0), (1, 2), (2, 5), (3, 8), (4, 13))
INSERT INTO agg_monthly
SELECT substr(m.region_code, 1, l.len), l.depth, m.period, count(*), sum(m.visitors_male), sum(m.visitors_female),
       sum(m.new_members), sum(m.total_members), sum(m.loans), sum(m.onsite_reading), sum(m.ict_users)
FROM monthly_reports m CROSS JOIN levels l
WHERE m.status = 'approved'
GROUP BY 1, 2, 3;
