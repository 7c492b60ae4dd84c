-- What an external trainer uploaded for its task: the zip as sent (predictions for every validation
-- and test row, its artifact and what it says of itself), kept until graded and evaluated. The
-- artifact is opaque: stored with its SHA-256, never loaded or deserialized here.
CREATE TABLE mlpm_external_upload (
  id                VARCHAR(36)  PRIMARY KEY,
  external_task_id  VARCHAR(64)  NOT NULL,
  worker            VARCHAR(255) NOT NULL,
  project_key       VARCHAR(255) NOT NULL,
  split_id          BIGINT       NOT NULL,
  iteration         INTEGER      NOT NULL,
  algorithm         VARCHAR(64)  NOT NULL,
  upload            BYTEA        NOT NULL,
  upload_sha256     VARCHAR(64)  NOT NULL,
  artifact_format   VARCHAR(100) NOT NULL,
  artifact_sha256   VARCHAR(64)  NOT NULL,
  parameters_json   TEXT         NOT NULL,
  description       TEXT         NOT NULL,
  code_repository   VARCHAR(500),
  code_commit       VARCHAR(100),
  validation_rows   BIGINT       NOT NULL,
  test_rows         BIGINT       NOT NULL,
  created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  submitted_at      TIMESTAMP WITH TIME ZONE,
  model_version_id  BIGINT
);
CREATE INDEX mlpm_external_upload_iteration ON mlpm_external_upload (project_key, iteration);

-- A model version trained outside: its upload (whose test predictions the evaluation grades) and code.
ALTER TABLE mlpm_model_version ADD COLUMN external_upload_id VARCHAR(36);
ALTER TABLE mlpm_model_version ADD COLUMN artifact_format VARCHAR(100);
ALTER TABLE mlpm_model_version ADD COLUMN code_version TEXT;
