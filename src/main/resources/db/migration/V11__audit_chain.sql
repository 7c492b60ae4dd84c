-- The audit trail as a hash chain per subject (a project, or a policy change's review): each record
-- has its sequence number and the SHA-256 of the record before; the head of each chain is signed
-- with a key held outside the database (mlpm.audit.*). Records from before are chained at start-up
-- (AuditTrail.chainUnchained), in the order they were written.
ALTER TABLE mlpm_audit ADD COLUMN seq BIGINT;
ALTER TABLE mlpm_audit ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE mlpm_audit ADD COLUMN hash VARCHAR(64);
-- On which data and model, under which process and policy versions (when the record knows them).
ALTER TABLE mlpm_audit ADD COLUMN dataset_sha256 VARCHAR(64);
ALTER TABLE mlpm_audit ADD COLUMN model_version_id BIGINT;
ALTER TABLE mlpm_audit ADD COLUMN process_definition VARCHAR(255);
ALTER TABLE mlpm_audit ADD COLUMN policy_versions VARCHAR(1000);
CREATE UNIQUE INDEX mlpm_audit_seq ON mlpm_audit (project_key, seq);

CREATE TABLE mlpm_audit_head (
  project_key     VARCHAR(255) PRIMARY KEY,
  seq             BIGINT       NOT NULL,
  hash            VARCHAR(64)  NOT NULL,
  key_id          VARCHAR(16)  NOT NULL,
  signature       VARCHAR(64)  NOT NULL,
  updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Subjects whose records predate the chain: chained and signed once, at the next start-up.
CREATE TABLE mlpm_audit_unchained (
  project_key     VARCHAR(255) PRIMARY KEY
);
INSERT INTO mlpm_audit_unchained (project_key) SELECT DISTINCT project_key FROM mlpm_audit;
