-- Actual outcomes reported for served predictions, for live metrics.
CREATE TABLE mlpm_feedback (
  prediction_id   BIGINT PRIMARY KEY,
  project_key     VARCHAR(255) NOT NULL,
  actual          VARCHAR(4000) NOT NULL,
  reported_by     VARCHAR(255),
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX mlpm_feedback_project ON mlpm_feedback (project_key, prediction_id);
