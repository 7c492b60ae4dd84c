-- The evaluation report of a model version (confusion matrix or residuals, ROC curves, feature
-- importance, fairness figures) as JSON; the model card and its charts are rendered from it.
CREATE TABLE mlpm_evaluation_report (
  model_version_id BIGINT       PRIMARY KEY,
  report_json      TEXT         NOT NULL,
  created_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
