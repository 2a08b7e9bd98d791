-- Webhooks (#10): an organisation's subscriptions, each an address it is told of case events
-- at, and every delivery made to it. A delivery's body names a case and what happened, never a
-- person. The signing secret is kept as given (it must be, to sign); removed subscriptions are
-- kept, marked, with their deliveries, as the log.
CREATE TABLE webhook_subscriptions (
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    id               BLOB NOT NULL,
    organisation_id  BLOB NOT NULL,
    name             TEXT NOT NULL,
    url              TEXT NOT NULL,
    topics           TEXT NOT NULL,
    secret           TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    removed_at       TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
CREATE INDEX webhook_subscriptions_org ON webhook_subscriptions (tenant_id, organisation_id);

CREATE TABLE webhook_deliveries (
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    id               BLOB NOT NULL,
    subscription_id  BLOB NOT NULL,
    organisation_id  BLOB NOT NULL,
    topic            TEXT NOT NULL,
    case_reference   TEXT NOT NULL,
    body             TEXT NOT NULL,
    status           TEXT NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  TEXT NOT NULL,
    last_status      INTEGER,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    delivered_at     TEXT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, subscription_id) REFERENCES webhook_subscriptions (tenant_id, id)
);
-- The delivery step looks across tenants for what is due.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (tenant_id, organisation_id, created_at);
