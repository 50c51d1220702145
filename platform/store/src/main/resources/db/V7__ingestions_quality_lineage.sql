-- Step 4 of the data pool: who loaded each version and how it was read, the quality report of
-- each version, ingestions that survive a restart, and state remembered by connectors (the
-- high-water mark of an incremental pull).

ALTER TABLE dataset_versions ADD COLUMN loaded_by VARCHAR(64);
ALTER TABLE dataset_versions ADD COLUMN rows_read BIGINT;
ALTER TABLE dataset_versions ADD COLUMN rows_rejected BIGINT;

CREATE TABLE dataset_quality (
  dataset VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  position INT NOT NULL,
  column_name VARCHAR(64) NOT NULL,
  rows_total BIGINT NOT NULL,
  nulls BIGINT NOT NULL,
  invalid BIGINT NOT NULL,
  duplicates BIGINT,
  distinct_values BIGINT NOT NULL,
  PRIMARY KEY (dataset, version, column_name)
);

CREATE TABLE ingestions (
  id VARCHAR(36) PRIMARY KEY,
  dataset VARCHAR(64) NOT NULL,
  state VARCHAR(16) NOT NULL,
  progress DOUBLE PRECISION NOT NULL,
  rows_read BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  errors VARCHAR(20000) NOT NULL,
  version INT,
  created BOOLEAN NOT NULL,
  encoding VARCHAR(32),
  connector VARCHAR(64),
  submitted_by VARCHAR(64) NOT NULL,
  submitted_at TIMESTAMP WITH TIME ZONE NOT NULL,
  finished_at TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ingestions_by_dataset ON ingestions (dataset, submitted_at);

CREATE TABLE connector_state (
  dataset VARCHAR(64) NOT NULL,
  connector VARCHAR(64) NOT NULL,
  state_key VARCHAR(64) NOT NULL,
  state_value VARCHAR(1000) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (dataset, connector, state_key)
);
