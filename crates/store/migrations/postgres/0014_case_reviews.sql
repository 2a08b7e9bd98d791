-- The ASB Case Review (formerly the Community Trigger). The partnership's rules are versions
-- with the date each takes effect; a review keeps its application, the applicant's contact
-- details and every step as one document, with each step also appended to its history.
CREATE TABLE case_review_rules (
    tenant_id       UUID NOT NULL REFERENCES tenants (id),
    effective_from  TEXT NOT NULL,
    rules           JSONB NOT NULL,
    set_by          TEXT NOT NULL,
    set_at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, effective_from)
);

CREATE TABLE review_counters (
    tenant_id  UUID NOT NULL REFERENCES tenants (id),
    year       BIGINT NOT NULL,
    last       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE case_reviews (
    tenant_id        UUID NOT NULL REFERENCES tenants (id),
    id               UUID NOT NULL,
    reference        TEXT NOT NULL,
    applied_on       TEXT NOT NULL,
    -- The organisation of the single point of contact, whose wording and channel its messages use.
    organisation_id  UUID NOT NULL,
    review           JSONB NOT NULL,
    applicant        JSONB NOT NULL,
    version          BIGINT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
CREATE INDEX case_reviews_applied ON case_reviews (tenant_id, applied_on);

CREATE TABLE case_review_steps (
    tenant_id   UUID NOT NULL,
    review_id   UUID NOT NULL,
    seq         BIGINT NOT NULL,
    step        JSONB NOT NULL,
    actor_id    UUID,
    at          TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, review_id, seq),
    FOREIGN KEY (tenant_id, review_id) REFERENCES case_reviews (tenant_id, id)
);

-- A review offered to a complainant of a matter that reached the threshold, so the single
-- point of contact is not prompted again for it.
CREATE TABLE case_review_offers (
    tenant_id   UUID NOT NULL REFERENCES tenants (id),
    matter      TEXT NOT NULL,
    offered_on  TEXT NOT NULL,
    offered_by  UUID,
    note        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, matter)
);

-- The applicant's feedback link, sent with the outcome: only its hash is kept.
CREATE TABLE review_links (
    token_hash  TEXT PRIMARY KEY,
    tenant_id   UUID NOT NULL,
    review_id   UUID NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ,
    FOREIGN KEY (tenant_id, review_id) REFERENCES case_reviews (tenant_id, id)
);
