-- The organisation that takes residents' reports (none: the first council, else the first
-- organisation, by name). Set when an organisation is added, so that adding one never moves
-- residents' reports, or the case reviews, to another organisation.
ALTER TABLE partnership_settings ADD COLUMN receives_reports UUID;

-- No two organisations of a partnership share a name, in any mix of capitals (the pages and
-- the command line check first; this holds when two are added at once).
CREATE UNIQUE INDEX organisations_name ON organisations (tenant_id, lower(name));
