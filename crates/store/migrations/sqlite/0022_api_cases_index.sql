-- The API lists an organisation's cases by when each last changed (/api/v1/cases).
CREATE INDEX cases_org_updated ON cases (tenant_id, organisation_id, updated_at, id);
