-- Invitations to staff: a one-time link to choose a password. Its token is made when the email
-- carrying it is sent (the outbox's link_id names the invitation, as it names residents' links),
-- and only the token's hash is kept. An invitation sent again replaces the earlier one.
CREATE TABLE staff_invites (
    id           UUID PRIMARY KEY,
    token_hash   TEXT UNIQUE,
    tenant_id    UUID NOT NULL,
    user_id      UUID NOT NULL,
    ttl_seconds  BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX staff_invites_user ON staff_invites (tenant_id, user_id);
