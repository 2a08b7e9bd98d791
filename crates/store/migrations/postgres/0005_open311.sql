-- Open311 GeoReport v2: the keys partners' systems (FixMyStreet, a police system) send reports
-- with, and which cases came in through which key. Keys are looked up by hash before the
-- tenant is known, like sessions; only the hash is stored.
CREATE TABLE open311_keys (
    key_hash                   TEXT PRIMARY KEY,
    tenant_id                  UUID NOT NULL REFERENCES tenants (id),
    id                         UUID NOT NULL,
    name                       TEXT NOT NULL,
    receiving_organisation_id  UUID NOT NULL,
    created_at                 TIMESTAMPTZ NOT NULL,
    revoked_at                 TIMESTAMPTZ,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, receiving_organisation_id) REFERENCES organisations (tenant_id, id)
);

CREATE TABLE open311_requests (
    tenant_id    UUID NOT NULL,
    case_id      UUID NOT NULL,
    key_id       UUID NOT NULL,
    token        TEXT NOT NULL UNIQUE,
    external_id  TEXT,
    media_url    TEXT,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, case_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, key_id) REFERENCES open311_keys (tenant_id, id)
);
CREATE UNIQUE INDEX open311_requests_external ON open311_requests (tenant_id, key_id, external_id);
CREATE INDEX open311_requests_created ON open311_requests (tenant_id, created_at);
