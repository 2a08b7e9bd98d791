-- A case page shows the complaints about the same place: the cases with its UPRN, its
-- postcode or its address are found by these, not by reading every recent case of the
-- partnership.
CREATE INDEX cases_uprn ON cases (tenant_id, uprn);
CREATE INDEX cases_postcode ON cases (tenant_id, postcode);
CREATE INDEX cases_address ON cases (tenant_id, address);
