-- Preparation is recorded as a plan (excluded columns, seed, ratios) so the split can be rebuilt.
ALTER TABLE mlpm_data_split ADD COLUMN plan_json TEXT;
ALTER TABLE mlpm_data_split ADD COLUMN validation_rows INTEGER;
ALTER TABLE mlpm_data_split ADD COLUMN duplicates_removed INTEGER;
