-- Residents reach their case without an account: a one-time link sent to the email or phone
-- they gave opens a short visit to their tracker; a survey link opens the satisfaction survey of
-- a closed case. A link is made when its message is queued, but its token only when the message
-- is delivered: the token goes to the resident and only its hash is kept (the stored message
-- holds a placeholder), so no one reading the database or a backup can use a link.
CREATE TABLE resident_links (
    id           UUID PRIMARY KEY,
    token_hash   TEXT UNIQUE,
    tenant_id    UUID NOT NULL,
    case_id      UUID NOT NULL,
    person_id    UUID NOT NULL,
    purpose      TEXT NOT NULL,
    ttl_seconds  BIGINT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    used_at      TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX resident_links_case ON resident_links (tenant_id, case_id);

CREATE TABLE resident_visits (
    token_hash  TEXT PRIMARY KEY,
    tenant_id   UUID NOT NULL,
    case_id     UUID NOT NULL,
    person_id   UUID NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);

-- Requests for a tracker link, counted to limit them (by reference, and by where they came
-- from); keys are hashed so the table holds no contact details.
CREATE TABLE link_requests (
    key_hash  TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX link_requests_key ON link_requests (key_hash, at);

-- How each organisation's messages travel: the file channel (default), SMTP, or GOV.UK Notify.
-- Secrets are never stored here: the settings name the environment variable that holds them.
CREATE TABLE notification_settings (
    tenant_id        UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    provider         TEXT NOT NULL,
    settings         TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, organisation_id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);

-- Which organisation a message is from (to choose its channel), the provider's own id for it,
-- and the provider's last word on delivery (e.g. Notify's "delivered" or "permanent-failure").
ALTER TABLE outbox ADD COLUMN organisation_id UUID;
ALTER TABLE outbox ADD COLUMN provider_ref TEXT;
ALTER TABLE outbox ADD COLUMN delivery_status TEXT;
ALTER TABLE outbox ADD COLUMN link_id UUID;
UPDATE outbox SET organisation_id = (SELECT c.organisation_id FROM cases c WHERE c.tenant_id = outbox.tenant_id AND c.id = outbox.case_id);
CREATE INDEX outbox_tracking ON outbox (status, delivery_status);
