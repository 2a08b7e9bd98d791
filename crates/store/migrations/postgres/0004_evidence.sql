-- Files given as evidence. Uploaded during a report (draft_token set, no case yet), then
-- attached to the case in the transaction that stores it. Bytes live in the database, never
-- under the web root; they are served only as downloads to staff who may see the case.
CREATE TABLE evidence (
    tenant_id      UUID NOT NULL REFERENCES tenants (id),
    id             UUID NOT NULL,
    case_id        UUID,
    draft_token    TEXT,
    kind           TEXT NOT NULL,
    mime           TEXT NOT NULL,
    original_name  TEXT NOT NULL,
    size           BIGINT NOT NULL,
    sha256         TEXT NOT NULL,
    content        BYTEA NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX evidence_case ON evidence (tenant_id, case_id);
CREATE INDEX evidence_draft ON evidence (draft_token);
