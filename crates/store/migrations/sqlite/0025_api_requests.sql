-- Idempotency keys of API writes to a case (POST …/contacts, …/notes): a retry with the same
-- key gives back what the first request recorded, never a second event. Kept as hashes, with
-- the case and the event made; no personal data.
CREATE TABLE api_requests (
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    organisation_id  BLOB NOT NULL,
    key_hash         TEXT NOT NULL,
    fingerprint      TEXT NOT NULL,
    case_reference   TEXT NOT NULL,
    event            INTEGER NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, organisation_id, key_hash)
);
