-- Personal data under the UK GDPR: erasing a person and anonymising closed cases under retention.
--
-- An event's hash now covers a digest of its payload rather than the payload itself, so personal
-- data can be removed from a payload (redacted) and the chain still checked: the digest stands
-- for what was first written. Events written before this have no digest (their hash covers the
-- payload's text). The log stays append-only: the one change allowed is a redaction, which
-- replaces the payload and sets redacted_at, and leaves everything the hash covers alone.
ALTER TABLE case_events ADD COLUMN payload_digest TEXT;
ALTER TABLE case_events ADD COLUMN redacted_at TIMESTAMPTZ;

CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.redacted_at IS NOT NULL
       AND NEW.tenant_id = OLD.tenant_id AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq
       AND NEW.kind = OLD.kind AND NEW.actor_id IS NOT DISTINCT FROM OLD.actor_id
       AND NEW.occurred_at = OLD.occurred_at AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
       AND NEW.payload_digest IS NOT DISTINCT FROM OLD.payload_digest THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'case events are append-only: only a redaction may replace a payload';
END;
$$ LANGUAGE plpgsql;

-- When a closed case or a finished case review was anonymised under retention, and when a
-- person's record was erased.
ALTER TABLE cases ADD COLUMN anonymised_at TIMESTAMPTZ;
ALTER TABLE case_reviews ADD COLUMN anonymised_at TIMESTAMPTZ;
ALTER TABLE people ADD COLUMN erased_at TIMESTAMPTZ;

-- Retention periods; NULL means the default (see asbcase_domain::privacy::Retention).
ALTER TABLE partnership_settings ADD COLUMN retain_closed_cases_years INTEGER;
ALTER TABLE partnership_settings ADD COLUMN retain_messages_months INTEGER;
ALTER TABLE partnership_settings ADD COLUMN retain_drafts_days INTEGER;

-- What was done with personal data, by whom (none: the retention job): subject access bundles
-- made, people erased, cases anonymised, message copies removed. Kept without personal data:
-- the subject is a case reference or a person's identifier.
CREATE TABLE privacy_log (
    tenant_id  UUID NOT NULL REFERENCES tenants (id),
    id         UUID NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    actor_id   UUID,
    -- The organisation whose records it concerns; none for what the partnership does as a whole.
    organisation_id  UUID,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX privacy_log_at ON privacy_log (tenant_id, at);
