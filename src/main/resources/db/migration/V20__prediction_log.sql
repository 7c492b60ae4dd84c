-- Predictions made outside (a model trained and served outside) and logged here by its serving
-- system: its own id for each, once per project, so that a batch sent again is not counted twice
-- and feedback can name the prediction by it. Null for the predictions this application answers.
ALTER TABLE mlpm_prediction ADD COLUMN external_id VARCHAR(128);
CREATE UNIQUE INDEX mlpm_prediction_external ON mlpm_prediction (project_key, external_id);
