-- API tokens (the JSON API at /api/v1): each acts as its organisation. Kept only as the SHA-256
-- of the token, which is shown once when made; revoked tokens are kept, marked.
CREATE TABLE api_tokens (
    token_hash       TEXT PRIMARY KEY,
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    id               BLOB NOT NULL,
    organisation_id  BLOB NOT NULL,
    name             TEXT NOT NULL,
    scope            TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    revoked_at       TEXT,
    last_used_at     TEXT,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
