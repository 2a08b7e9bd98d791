-- A case page shows the complaints about the same place: the cases with its UPRN, its
-- postcode or its address are found by these, not by reading every recent case of the
-- partnership. UPRNs and addresses are free text of any length (an Open311 address_id, an
-- imported address), longer than an index entry may be, so their first characters are indexed.
CREATE INDEX cases_uprn ON cases (tenant_id, substr(uprn, 1, 100));
CREATE INDEX cases_postcode ON cases (tenant_id, postcode, reported_at);
CREATE INDEX cases_address ON cases (tenant_id, substr(address, 1, 200));
