-- The cases saved while the tallies of a period under way were being worked out (a JSON list
-- of their ids): keeping the tallies then brings them up to date with each of these cases as
-- it is now, rather than each save dropping tallies that take long to work out.
ALTER TABLE kpi_kept ADD COLUMN saved_meanwhile TEXT;
