-- Updates partners POSTed to servicerequestupdates, by their own update_id: a retried POST is
-- answered from here instead of adding the comment to the case twice.
CREATE TABLE open311_updates_received (
    tenant_id  UUID NOT NULL,
    key_id     UUID NOT NULL,
    update_id  TEXT NOT NULL,
    case_id    UUID NOT NULL,
    seq        BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, key_id, update_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
