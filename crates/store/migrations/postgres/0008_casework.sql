-- A case's working parts (action plan, interventions, evidence review, costs), projected from
-- its events like the other columns and read whole with the case.
ALTER TABLE cases ADD COLUMN casework JSONB NOT NULL DEFAULT '{}';
