-- A resident's report in progress, page by page, until it is sent. The token is the hash of
-- a random cookie value; case_reference is set in the same transaction that stores the case,
-- so a second submission finds it and creates nothing.
CREATE TABLE report_drafts (
    token_hash      TEXT PRIMARY KEY,
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    draft           TEXT NOT NULL,
    case_reference  TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX report_drafts_updated ON report_drafts (updated_at);
