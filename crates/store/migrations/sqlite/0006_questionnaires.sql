-- The risk questionnaire each partnership asks, as versions. A version once stored is never
-- changed: assessments record the version that scored them. No row means the built-in set.
CREATE TABLE questionnaires (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    version     INTEGER NOT NULL,
    definition  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
CREATE TRIGGER questionnaires_never_change BEFORE UPDATE ON questionnaires
BEGIN
    SELECT RAISE(ABORT, 'a questionnaire version is never changed: add a new one');
END;
