-- Working with partners. Shares and referrals live in the case's events and its casework
-- column; these tables project them so that a partner can list what was shared with or
-- referred to it without reading every case.
CREATE TABLE case_shares (
    tenant_id        UUID NOT NULL,
    case_id          UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    scope            TEXT NOT NULL,
    purpose          TEXT NOT NULL,
    shared_at        TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, case_id, organisation_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
CREATE INDEX case_shares_organisation ON case_shares (tenant_id, organisation_id);

CREATE TABLE referrals (
    tenant_id        UUID NOT NULL,
    id               UUID NOT NULL,
    case_id          UUID NOT NULL,
    from_org         UUID NOT NULL,
    to_org           UUID,
    service_id       UUID,
    to_name          TEXT NOT NULL,
    party_id         UUID,
    reason           TEXT NOT NULL,
    status           TEXT NOT NULL,
    made_by          UUID,
    made_at          TIMESTAMPTZ NOT NULL,
    answered_at      TIMESTAMPTZ,
    completed_at     TIMESTAMPTZ,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX referrals_to ON referrals (tenant_id, to_org, status);
CREATE INDEX referrals_from ON referrals (tenant_id, from_org, status);
CREATE INDEX referrals_case ON referrals (tenant_id, case_id);

-- The directory of support services officers signpost and refer to; those marked public are
-- listed on the partnership's public pages.
CREATE TABLE support_services (
    tenant_id     UUID NOT NULL REFERENCES tenants (id),
    id            UUID NOT NULL,
    name          TEXT NOT NULL,
    helps_with    TEXT NOT NULL,
    area          TEXT NOT NULL,
    how_to_refer  TEXT NOT NULL,
    contact       TEXT NOT NULL,
    public        BOOLEAN NOT NULL,
    active        BOOLEAN NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX support_services_name ON support_services (tenant_id, lower(name));

-- Partnership-wide settings; a missing row means the defaults.
CREATE TABLE partnership_settings (
    tenant_id               UUID PRIMARY KEY REFERENCES tenants (id),
    referral_response_days  INTEGER NOT NULL CHECK (referral_response_days BETWEEN 1 AND 60),
    -- The organisation of the case review's single point of contact (none: the first council).
    case_review_lead        UUID
);
