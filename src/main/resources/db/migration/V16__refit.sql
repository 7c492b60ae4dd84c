-- A selected candidate is retrained with its chosen parameters on training plus validation rows
-- before its single test evaluation: which rows it was refit on (null: not refit).
ALTER TABLE mlpm_model_version ADD COLUMN refit_rows TEXT;
