-- Who changed an organisation's settings, to what and when: one row a change, kept, whichever
-- way it was made (the administration pages or the command line).
CREATE TABLE settings_changes (
    id INTEGER PRIMARY KEY,
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    organisation_id  BLOB NOT NULL,
    setting          TEXT NOT NULL,
    summary          TEXT NOT NULL,
    changed_by       TEXT NOT NULL,
    changed_at       TEXT NOT NULL
);
CREATE INDEX settings_changes_by_setting ON settings_changes (tenant_id, organisation_id, setting, id);
