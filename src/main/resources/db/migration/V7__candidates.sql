-- Every candidate of an iteration is a model version: its tuning trials, validation metrics and
-- whether it was selected (and why) are kept for the registry view and the model card.
ALTER TABLE mlpm_model_version ADD COLUMN validation_metrics_json TEXT;
ALTER TABLE mlpm_model_version ADD COLUMN trials_json TEXT;
ALTER TABLE mlpm_model_version ADD COLUMN selected BOOLEAN;
ALTER TABLE mlpm_model_version ADD COLUMN selection_reason VARCHAR(4000);
ALTER TABLE mlpm_model_version ADD COLUMN champion_json TEXT;
