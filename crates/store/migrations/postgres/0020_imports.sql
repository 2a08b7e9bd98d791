-- Cases imported from spreadsheets or other case systems (asbcase import cases): each one's
-- reference in the system it came from, in lower case, so that a file cannot be imported twice.
CREATE TABLE imported_cases (
    tenant_id         UUID NOT NULL REFERENCES tenants (id),
    organisation_id   UUID NOT NULL,
    former_reference  TEXT NOT NULL,
    case_id           UUID NOT NULL,
    source            TEXT NOT NULL,
    imported_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, organisation_id, former_reference),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
