-- Mingjian state store, version 4: the marketplace (model versions, review, enablement detail,
-- shadow runs, revocation flags, district certificates).
-- Written in the common subset of H2 and PostgreSQL. Never edit once shipped; append V5.

CREATE TABLE model_versions (
  model_id VARCHAR(64) NOT NULL,
  version VARCHAR(32) NOT NULL,
  id VARCHAR(36) NOT NULL UNIQUE,
  state VARCHAR(16) NOT NULL,
  origin VARCHAR(16) NOT NULL,
  name VARCHAR(200) NOT NULL,
  supervision_point VARCHAR(2000),
  business_line VARCHAR(32),
  kind VARCHAR(8) NOT NULL,
  datasets VARCHAR(1000) NOT NULL,
  author_district VARCHAR(6) NOT NULL,
  submitted_by VARCHAR(64) NOT NULL,
  submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  size_bytes BIGINT NOT NULL,
  symbolic_name VARCHAR(255) NOT NULL,
  bundle_version VARCHAR(64) NOT NULL,
  report VARCHAR(20000) NOT NULL,
  reviewed_by VARCHAR(64),
  reviewed_at TIMESTAMP WITH TIME ZONE,
  review_comment VARCHAR(4000),
  revoked_by VARCHAR(64),
  revoked_at TIMESTAMP WITH TIME ZONE,
  revoke_reason VARCHAR(4000),
  PRIMARY KEY (model_id, version)
);

CREATE TABLE district_certificates (
  district VARCHAR(6) PRIMARY KEY,
  pem VARCHAR(20000) NOT NULL,
  subject VARCHAR(1000) NOT NULL,
  updated_by VARCHAR(64) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE enablements ADD COLUMN shadow_version VARCHAR(32);

ALTER TABLE enablements ADD COLUMN shadow_districts VARCHAR(4000);

ALTER TABLE enablements ADD COLUMN parameters VARCHAR(8000);

ALTER TABLE runs ADD COLUMN shadow_of VARCHAR(36);

CREATE TABLE run_clue_sets (
  run_id VARCHAR(36) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  subject VARCHAR(128) NOT NULL,
  title VARCHAR(1000) NOT NULL,
  PRIMARY KEY (run_id, fingerprint)
);

ALTER TABLE clues ADD COLUMN versions VARCHAR(1000);

ALTER TABLE clues ADD COLUMN flag VARCHAR(1000);
