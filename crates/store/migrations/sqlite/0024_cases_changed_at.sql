-- When anything about a case last changed, for the API's sync feed (/api/v1/cases,
-- changed_since): a recorded event, and also what moves no event — personal data erased or
-- anonymised under retention, or a case imported with history dated years ago. updated_at
-- stays the time of the last event, which the figures read.
ALTER TABLE cases ADD COLUMN changed_at TEXT;
UPDATE cases SET changed_at = updated_at;
DROP INDEX cases_org_updated;
CREATE INDEX cases_org_changed ON cases (tenant_id, organisation_id, changed_at, id);
