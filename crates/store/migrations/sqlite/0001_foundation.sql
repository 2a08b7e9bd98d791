-- Foundation: tenants, organisations, staff, sessions, cases and their event log.
-- SQLite twin of migrations/postgres: TEXT instants (fixed-width UTC), BLOB UUIDs, TEXT JSON.
-- Every tenant-owned table carries tenant_id, leading its primary key and indexes.

CREATE TABLE tenants (
    id          BLOB PRIMARY KEY,
    name        TEXT NOT NULL,
    division    TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE organisations (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    id          BLOB NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Homes owned by a social landlord, counted at the end of the reporting year starting in `year`.
CREATE TABLE homes_owned (
    tenant_id        BLOB NOT NULL,
    organisation_id  BLOB NOT NULL,
    year             INTEGER NOT NULL,
    homes            INTEGER NOT NULL CHECK (homes >= 0),
    PRIMARY KEY (tenant_id, organisation_id, year),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);

CREATE TABLE categories (
    tenant_id     BLOB NOT NULL REFERENCES tenants (id),
    code          TEXT NOT NULL,
    name          TEXT NOT NULL,
    explanation   TEXT NOT NULL,
    priority      INTEGER NOT NULL,
    police_group  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, code)
);

CREATE TABLE users (
    tenant_id        BLOB NOT NULL,
    id               BLOB NOT NULL,
    organisation_id  BLOB NOT NULL,
    email            TEXT NOT NULL,
    name             TEXT NOT NULL,
    roles            TEXT NOT NULL,
    patch            TEXT,
    password_hash    TEXT NOT NULL,
    active           BOOLEAN NOT NULL,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);
-- Sign-in finds a user by email before the tenant is known.
CREATE UNIQUE INDEX users_email ON users (email);
CREATE INDEX users_organisation ON users (tenant_id, organisation_id);

CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    tenant_id     BLOB NOT NULL,
    user_id       BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id)
);
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);

CREATE TABLE login_failures (
    email            TEXT PRIMARY KEY,
    failures         INTEGER NOT NULL,
    last_failure_at  TEXT NOT NULL
);

CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

CREATE TABLE reference_counters (
    tenant_id  BLOB NOT NULL REFERENCES tenants (id),
    year       INTEGER NOT NULL,
    last       INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, year)
);

CREATE TABLE people (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    id          BLOB NOT NULL,
    name        TEXT NOT NULL,
    address     TEXT,
    phone       TEXT,
    email       TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- The current state of each case: a projection of case_events, written in the same transaction.
CREATE TABLE cases (
    tenant_id                BLOB NOT NULL,
    id                       BLOB NOT NULL,
    reference                TEXT NOT NULL,
    organisation_id          BLOB NOT NULL,
    status                   TEXT NOT NULL,
    channel                  TEXT NOT NULL,
    description              TEXT NOT NULL,
    primary_category         TEXT NOT NULL,
    priority                 INTEGER NOT NULL,
    priority_override_reason TEXT,
    risk_band                TEXT NOT NULL,
    address                  TEXT NOT NULL,
    postcode                 TEXT,
    uprn                     TEXT,
    ward                     TEXT,
    estate                   TEXT,
    latitude                 REAL,
    longitude                REAL,
    hate_strands             TEXT NOT NULL,
    vulnerability            BOOLEAN NOT NULL,
    crime_reference          TEXT,
    homelessness_related     BOOLEAN NOT NULL,
    patch                    TEXT,
    assigned_officer         BLOB,
    reported_at              TEXT NOT NULL,
    opened_at                TEXT,
    closed_at                TEXT,
    outcome                  TEXT,
    last_successful_contact  TEXT,
    next_contact_due         TEXT,
    updated_at               TEXT NOT NULL,
    last_seq                 INTEGER NOT NULL,
    last_hash                TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, reference),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id),
    FOREIGN KEY (tenant_id, assigned_officer) REFERENCES users (tenant_id, id)
);
CREATE INDEX cases_org_status ON cases (tenant_id, organisation_id, status, reported_at);
CREATE INDEX cases_officer ON cases (tenant_id, assigned_officer, status);
CREATE INDEX cases_due ON cases (tenant_id, organisation_id, next_contact_due);

CREATE TABLE case_categories (
    tenant_id  BLOB NOT NULL,
    case_id    BLOB NOT NULL,
    code       TEXT NOT NULL,
    position   INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, case_id, code),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);

CREATE TABLE case_parties (
    tenant_id    BLOB NOT NULL,
    case_id      BLOB NOT NULL,
    id           BLOB NOT NULL,
    role         TEXT NOT NULL,
    person_id    BLOB,
    description  TEXT,
    added_seq    INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, case_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id),
    FOREIGN KEY (tenant_id, person_id) REFERENCES people (tenant_id, id)
);
CREATE INDEX case_parties_person ON case_parties (tenant_id, person_id);

-- The event log: append-only, each event chained to the previous one of its case by hash.
CREATE TABLE case_events (
    tenant_id    BLOB NOT NULL,
    case_id      BLOB NOT NULL,
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    payload      TEXT NOT NULL,
    actor_id     BLOB,
    occurred_at  TEXT NOT NULL,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, case_id, seq),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
CREATE INDEX case_events_kind ON case_events (tenant_id, kind, occurred_at);

CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

CREATE TRIGGER case_events_no_delete BEFORE DELETE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case events are append-only');
END;

CREATE TABLE contacts (
    tenant_id     BLOB NOT NULL,
    case_id       BLOB NOT NULL,
    seq           INTEGER NOT NULL,
    method        TEXT NOT NULL,
    direction     TEXT NOT NULL,
    outcome       TEXT NOT NULL,
    with_whom     TEXT NOT NULL,
    summary       TEXT NOT NULL,
    contacted_at  TEXT NOT NULL,
    recorded_by   BLOB,
    PRIMARY KEY (tenant_id, case_id, seq),
    FOREIGN KEY (tenant_id, case_id, seq) REFERENCES case_events (tenant_id, case_id, seq)
);
