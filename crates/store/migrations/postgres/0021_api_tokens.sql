-- API tokens (the JSON API at /api/v1): each acts as its organisation. Kept only as the SHA-256
-- of the token, which is shown once when made; revoked tokens are kept, marked.
CREATE TABLE api_tokens (
    token_hash       TEXT PRIMARY KEY,
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    id               UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    name             TEXT NOT NULL,
    scope            TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    revoked_at       TIMESTAMPTZ,
    last_used_at     TIMESTAMPTZ,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
