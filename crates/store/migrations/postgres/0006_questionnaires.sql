-- The risk questionnaire each partnership asks, as versions. A version once stored is never
-- changed: assessments record the version that scored them. No row means the built-in set.
CREATE TABLE questionnaires (
    tenant_id   UUID NOT NULL REFERENCES tenants (id),
    version     BIGINT NOT NULL,
    definition  JSONB NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (tenant_id, version)
);
CREATE FUNCTION questionnaires_never_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'a questionnaire version is never changed: add a new one';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER questionnaires_never_change BEFORE UPDATE ON questionnaires
    FOR EACH ROW EXECUTE FUNCTION questionnaires_never_change();
