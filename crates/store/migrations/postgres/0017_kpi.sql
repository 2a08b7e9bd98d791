-- What the KPIs count about each case, folded from its events and written with them in the same
-- transaction, so figures over years of cases never replay every event. The columns beside the
-- facts pick the cases a period needs: reported before it ends and not finished long before it
-- began (`active_until` is the last closure, far in the future while a case is open or waiting
-- for triage, and the report's own time for a report that never became a case).
CREATE TABLE case_facts (
    tenant_id        UUID NOT NULL,
    case_id          UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    reported_at      TIMESTAMPTZ NOT NULL,
    active_until     TIMESTAMPTZ NOT NULL,
    facts            JSONB NOT NULL,
    PRIMARY KEY (tenant_id, case_id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_facts_window ON case_facts (tenant_id, organisation_id, active_until, reported_at);

-- Targets per KPI and organisation, with who set or agreed them and when. Every version is
-- kept; the latest is in force.
CREATE TABLE kpi_targets (
    tenant_id        UUID NOT NULL,
    organisation_id  UUID NOT NULL,
    kpi              TEXT NOT NULL,
    value            DOUBLE PRECISION NOT NULL,
    direction        TEXT NOT NULL,
    set_by           TEXT NOT NULL,
    set_on           TEXT NOT NULL,
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, organisation_id, kpi, recorded_at),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);

-- The month the reporting year starts in (April unless set) and the age at which an open case
-- is long-running (6 months unless set).
ALTER TABLE partnership_settings ADD COLUMN year_start_month INTEGER CHECK (year_start_month BETWEEN 1 AND 12);
ALTER TABLE partnership_settings ADD COLUMN long_running_months INTEGER CHECK (long_running_months BETWEEN 1 AND 120);
