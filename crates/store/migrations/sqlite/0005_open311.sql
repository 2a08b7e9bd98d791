-- Open311 GeoReport v2: the keys partners' systems (FixMyStreet, a police system) send reports
-- with, and which cases came in through which key. Keys are looked up by hash before the
-- tenant is known, like sessions; only the hash is stored.
CREATE TABLE open311_keys (
    key_hash                   TEXT PRIMARY KEY,
    tenant_id                  BLOB NOT NULL REFERENCES tenants (id),
    id                         BLOB NOT NULL,
    name                       TEXT NOT NULL,
    receiving_organisation_id  BLOB NOT NULL,
    created_at                 TEXT NOT NULL,
    revoked_at                 TEXT,
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, receiving_organisation_id) REFERENCES organisations (tenant_id, id)
);

CREATE TABLE open311_requests (
    tenant_id    BLOB NOT NULL,
    case_id      BLOB NOT NULL,
    key_id       BLOB NOT NULL,
    token        TEXT NOT NULL UNIQUE,
    external_id  TEXT,
    media_url    TEXT,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, case_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, key_id) REFERENCES open311_keys (tenant_id, id)
);
CREATE UNIQUE INDEX open311_requests_external ON open311_requests (tenant_id, key_id, external_id);
CREATE INDEX open311_requests_created ON open311_requests (tenant_id, created_at);
