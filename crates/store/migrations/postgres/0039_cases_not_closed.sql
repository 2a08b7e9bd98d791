-- Work not yet closed is found without reading the closed cases beside it, which outnumber it
-- many times over once a service has run for some years: an officer's worklist (soonest
-- contact first), an organisation's caseloads (for choosing whom to assign) and its overview
-- (overdue contacts by officer), and the contact reminders. `status <> 'closed'` cannot be a
-- range of an index; these hold only the rest.
CREATE INDEX cases_officer_not_closed ON cases (tenant_id, assigned_officer, next_contact_due) WHERE status <> 'closed';
CREATE INDEX cases_organisation_not_closed ON cases (tenant_id, organisation_id, assigned_officer, next_contact_due) WHERE status <> 'closed';
CREATE INDEX cases_due_not_closed ON cases (next_contact_due) WHERE status <> 'closed';
