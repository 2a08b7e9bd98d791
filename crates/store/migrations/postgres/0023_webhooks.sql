-- Webhooks (#10): an organisation's subscriptions, each an address it is told of case events
-- at, and every delivery made to it. A delivery's body names a case and what happened, never a
-- person. The signing secret is kept as given (it must be, to sign); removed subscriptions are
-- kept, marked, with their deliveries, as the log.
CREATE TABLE webhook_subscriptions (
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    id               UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    name             TEXT NOT NULL,
    url              TEXT NOT NULL,
    topics           TEXT NOT NULL,
    secret           TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    removed_at       TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
CREATE INDEX webhook_subscriptions_org ON webhook_subscriptions (tenant_id, organisation_id);

CREATE TABLE webhook_deliveries (
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    id               UUID NOT NULL,
    subscription_id  UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    topic            TEXT NOT NULL,
    case_reference   TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         BIGINT NOT NULL,
    next_attempt_at  TIMESTAMPTZ NOT NULL,
    last_status      BIGINT,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL,
    delivered_at     TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, id)
);
-- The delivery step looks across tenants for what is due.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, organisation_id, created_at);
