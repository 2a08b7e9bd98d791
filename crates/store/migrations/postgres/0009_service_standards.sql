-- Each organisation's service standards (first contact per risk band, ongoing contact), when
-- it has set its own; otherwise the defaults apply. Who set them and when is kept.
CREATE TABLE service_standards (
    tenant_id        UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    definition       JSONB NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    updated_by       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, organisation_id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
