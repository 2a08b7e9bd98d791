-- Repeats, hotspots and case panels. Homes and residents per area (ward, estate or patch) make
-- hotspot rates; the partnership sets how far back repeats are looked for; a panel is a
-- multi-agency meeting with the cases put forward to it (the case's own events record that it
-- was put forward and what the panel decided).
CREATE TABLE area_figures (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    kind        TEXT NOT NULL,
    area        TEXT NOT NULL,
    homes       INTEGER CHECK (homes >= 0),
    population  INTEGER CHECK (population >= 0),
    PRIMARY KEY (tenant_id, kind, area)
);

ALTER TABLE partnership_settings ADD COLUMN repeat_window_months INTEGER;

CREATE TABLE panels (
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    id               BLOB NOT NULL,
    organisation_id  BLOB NOT NULL,
    title            TEXT NOT NULL,
    meets_on         TEXT NOT NULL,
    created_by       BLOB,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, organisation_id) REFERENCES organisations (tenant_id, id)
);

CREATE TABLE panel_cases (
    tenant_id  BLOB NOT NULL,
    panel_id   BLOB NOT NULL,
    case_id    BLOB NOT NULL,
    reason     TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, panel_id, case_id),
    FOREIGN KEY (tenant_id, panel_id) REFERENCES panels (tenant_id, id),
    FOREIGN KEY (tenant_id, case_id) REFERENCES cases (tenant_id, id)
);
