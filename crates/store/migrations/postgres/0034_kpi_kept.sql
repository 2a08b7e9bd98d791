-- Figures of ended periods kept after a dashboard worked them out, so the next one need not
-- read every case of its trend again: the KPIs from the cases' facts (`kind` 'figures') and
-- the repeats from the partnership's complaints ('repeats'). `kept` says what they were worked
-- out from (period, filter, organisations, settings, when); `figures` is empty while they are
-- being worked out. In the transaction that saves a case, kept figures its new facts change
-- are dropped, and so are the repeats of the days its complaints were made on if the save
-- changes who or what they are about.
-- An advisory lock orders saves and the start of working figures out, so a save either comes
-- before the figures read the cases or sees the figures being worked out.
CREATE TABLE kpi_kept (
    tenant_id  UUID NOT NULL,
    key        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    -- The period's first and last days.
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    -- The organisation counted ('' for the whole partnership): a save looks only at its own.
    scope      TEXT NOT NULL,
    kept       JSONB NOT NULL,
    token      UUID NOT NULL,
    figures    JSONB,
    kept_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, key),
    FOREIGN KEY (tenant_id) REFERENCES tenants (id)
);
