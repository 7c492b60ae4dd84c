-- How many rows of its split a model was trained, tuned and evaluated on: a part larger than a
-- step may hold is sampled (mlpm.datasets.max-*-rows), and the model card and deployment form say so.
ALTER TABLE mlpm_model_version ADD COLUMN training_rows TEXT;
ALTER TABLE mlpm_model_version ADD COLUMN evaluation_rows TEXT;
