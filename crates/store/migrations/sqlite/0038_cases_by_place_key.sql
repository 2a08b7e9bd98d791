-- A case page finds the complaints about its place by the place as complaints are matched by
-- it (its UPRN, else its postcode and address, else its address, in capitals with spaces
-- collapsed; `case_review::place_key`), written with each case and whenever its place is
-- removed. Empty for no one's place. Cases stored before this release have none: the store
-- fills it in when it starts (`Store::migrate`), found by the last index. This replaces the
-- indexes of the UPRN, postcode and address that found a superset of them (0036). Keys are
-- free text of any length, so their first characters are indexed.
ALTER TABLE cases ADD COLUMN place_key TEXT;
CREATE INDEX cases_place ON cases (tenant_id, substr(place_key, 1, 200));
CREATE INDEX cases_place_to_fill_in ON cases (tenant_id, id) WHERE place_key IS NULL;
DROP INDEX cases_uprn;
DROP INDEX cases_postcode;
DROP INDEX cases_address;
