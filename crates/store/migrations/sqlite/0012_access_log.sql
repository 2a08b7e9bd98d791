-- Who looked at personal data: each case page viewed and each evidence file downloaded.
-- Append-only, chained by hash per partnership; the head row says how far the chain goes, so
-- records removed from its end are noticed too (asbcase verify).
CREATE TABLE access_log (
    tenant_id  BLOB NOT NULL REFERENCES tenants (id),
    seq        INTEGER NOT NULL,
    at         TEXT NOT NULL,
    user_id    BLOB NOT NULL,
    kind       TEXT NOT NULL,
    case_id    BLOB,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX access_log_case ON access_log (tenant_id, case_id, seq);

CREATE TABLE access_heads (
    tenant_id  BLOB PRIMARY KEY REFERENCES tenants (id),
    seq        INTEGER NOT NULL,
    hash       TEXT NOT NULL
);

CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;

CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;
