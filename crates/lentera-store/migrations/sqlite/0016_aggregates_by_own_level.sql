-- Aggregates of a report whose library lies at a regency or province (not in a village) were
-- added at the levels below its own too, counting it up to three times for its own region.
-- The adapter recomputes every aggregate right after this migration (the rebuild needs the
-- core's counted status, see sql/rebuild_aggregates.sql); nothing changes in the schema.
SELECT 1;
