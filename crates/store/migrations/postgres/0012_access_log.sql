-- Who looked at personal data: each case page viewed and each evidence file downloaded.
-- Append-only, chained by hash per partnership; the head row says how far the chain goes, so
-- records removed from its end are noticed too (asbcase verify).
CREATE TABLE access_log (
    tenant_id  UUID NOT NULL REFERENCES tenants (id),
    seq        BIGINT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    user_id    UUID NOT NULL,
    kind       TEXT NOT NULL,
    case_id    UUID,
    detail     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE INDEX access_log_case ON access_log (tenant_id, case_id, seq);

CREATE TABLE access_heads (
    tenant_id  UUID PRIMARY KEY REFERENCES tenants (id),
    seq        BIGINT NOT NULL,
    hash       TEXT NOT NULL
);

CREATE FUNCTION access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER access_log_no_change BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION access_log_append_only();
