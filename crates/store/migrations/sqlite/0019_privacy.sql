-- Personal data under the UK GDPR: erasing a person and anonymising closed cases under retention.
--
-- An event's hash now covers a digest of its payload rather than the payload itself, so personal
-- data can be removed from a payload (redacted) and the chain still checked: the digest stands
-- for what was first written. Events written before this have no digest (their hash covers the
-- payload's text). The log stays append-only: the one change allowed is a redaction, which
-- replaces the payload and sets redacted_at, and leaves everything the hash covers alone.
ALTER TABLE case_events ADD COLUMN payload_digest TEXT;
ALTER TABLE case_events ADD COLUMN redacted_at TEXT;

DROP TRIGGER case_events_no_update;
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
WHEN NOT (NEW.redacted_at IS NOT NULL
          AND NEW.tenant_id = OLD.tenant_id AND NEW.case_id = OLD.case_id AND NEW.seq = OLD.seq
          AND NEW.kind = OLD.kind AND NEW.actor_id IS OLD.actor_id AND NEW.occurred_at = OLD.occurred_at
          AND NEW.prev_hash = OLD.prev_hash AND NEW.hash = OLD.hash
          AND NEW.payload_digest IS OLD.payload_digest)
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only: only a redaction may replace a payload');
END;

-- When a closed case or a finished case review was anonymised under retention, and when a
-- person's record was erased.
ALTER TABLE cases ADD COLUMN anonymised_at TEXT;
ALTER TABLE case_reviews ADD COLUMN anonymised_at TEXT;
ALTER TABLE people ADD COLUMN erased_at TEXT;

-- Retention periods; NULL means the default (see asbcase_domain::privacy::Retention).
ALTER TABLE partnership_settings ADD COLUMN retain_closed_cases_years INTEGER;
ALTER TABLE partnership_settings ADD COLUMN retain_messages_months INTEGER;
ALTER TABLE partnership_settings ADD COLUMN retain_drafts_days INTEGER;

-- What was done with personal data, by whom (none: the retention job): subject access bundles
-- made, people erased, cases anonymised, message copies removed. Kept without personal data:
-- the subject is a case reference or a person's identifier.
CREATE TABLE privacy_log (
    tenant_id  BLOB NOT NULL REFERENCES tenants (id),
    id         BLOB NOT NULL,
    at         TEXT NOT NULL,
    actor_id   BLOB,
    -- The organisation whose records it concerns; none for what the partnership does as a whole.
    organisation_id  BLOB,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX privacy_log_at ON privacy_log (tenant_id, at);
