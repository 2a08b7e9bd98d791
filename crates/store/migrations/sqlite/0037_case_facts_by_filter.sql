-- A filtered dashboard (a patch, an officer, a category, a risk band) reads only the cases it
-- counts, found by these, instead of every case of its organisation's periods. They hold what
-- the facts say now (the dashboard filters on a case as it is now) and are written with them.
-- Facts written before this release have no risk here: the store fills these in from the
-- facts when it starts (`Store::migrate`), found by the last index. Patches are free text of
-- any length, longer than an index entry may be, so their first characters are indexed.
ALTER TABLE case_facts ADD COLUMN patch TEXT;
ALTER TABLE case_facts ADD COLUMN officer BLOB;
ALTER TABLE case_facts ADD COLUMN risk TEXT;
CREATE INDEX case_facts_by_patch ON case_facts (tenant_id, organisation_id, substr(patch, 1, 100), active_until, reported_at);
CREATE INDEX case_facts_by_officer ON case_facts (tenant_id, organisation_id, officer, active_until, reported_at);
CREATE INDEX case_facts_by_risk ON case_facts (tenant_id, organisation_id, risk, active_until, reported_at);
CREATE INDEX case_facts_to_fill_in ON case_facts (tenant_id, case_id) WHERE risk IS NULL;

-- Every category a case's facts record, with the columns that pick a period's cases.
CREATE TABLE case_fact_categories (
    tenant_id        BLOB NOT NULL,
    case_id          BLOB NOT NULL,
    category         TEXT NOT NULL,
    organisation_id  BLOB NOT NULL,
    reported_at      TEXT NOT NULL,
    active_until     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, case_id, category),
    FOREIGN KEY (tenant_id, case_id) REFERENCES case_facts (tenant_id, case_id)
);
CREATE INDEX case_fact_categories_window
    ON case_fact_categories (tenant_id, organisation_id, category, active_until, reported_at);
