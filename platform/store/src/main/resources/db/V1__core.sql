-- Mingjian state store, version 1. Written in the common subset of H2 and PostgreSQL.

CREATE TABLE settings (
  name VARCHAR(128) PRIMARY KEY,
  val VARCHAR(4000)
);

CREATE TABLE districts (
  code VARCHAR(6) PRIMARY KEY,
  name VARCHAR(64) NOT NULL
);

CREATE TABLE users (
  username VARCHAR(64) PRIMARY KEY,
  district VARCHAR(6) NOT NULL,
  roles VARCHAR(256) NOT NULL,
  password_hash VARCHAR(256) NOT NULL,
  must_change_password BOOLEAN NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE tokens (
  token_hash VARCHAR(64) PRIMARY KEY,
  username VARCHAR(64) NOT NULL,
  issued_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  revoked BOOLEAN NOT NULL
);

CREATE TABLE datasets (
  name VARCHAR(64) PRIMARY KEY,
  description VARCHAR(1000),
  owner VARCHAR(200),
  district_column VARCHAR(64),
  key_column VARCHAR(64) NOT NULL,
  current_version INT,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE dataset_columns (
  dataset VARCHAR(64) NOT NULL,
  position INT NOT NULL,
  name VARCHAR(64) NOT NULL,
  type VARCHAR(32) NOT NULL,
  sensitivity VARCHAR(16) NOT NULL,
  PRIMARY KEY (dataset, name)
);

CREATE TABLE dataset_versions (
  dataset VARCHAR(64) NOT NULL,
  version INT NOT NULL,
  physical_table VARCHAR(128) NOT NULL,
  rows_loaded BIGINT NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  source VARCHAR(1000),
  loaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (dataset, version)
);

CREATE TABLE enablements (
  model_id VARCHAR(64) PRIMARY KEY,
  version VARCHAR(32),
  city_wide BOOLEAN NOT NULL,
  districts VARCHAR(4000) NOT NULL,
  updated_by VARCHAR(64),
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE runs (
  id VARCHAR(36) PRIMARY KEY,
  model_id VARCHAR(64) NOT NULL,
  model_version VARCHAR(32) NOT NULL,
  district VARCHAR(6) NOT NULL,
  state VARCHAR(16) NOT NULL,
  progress DOUBLE PRECISION NOT NULL,
  requested_by VARCHAR(64) NOT NULL,
  requested_at TIMESTAMP WITH TIME ZONE NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE,
  finished_at TIMESTAMP WITH TIME ZONE,
  parameters VARCHAR(4000) NOT NULL,
  dataset_versions VARCHAR(4000),
  bundle_sha256 VARCHAR(64),
  clues_new INT NOT NULL,
  clues_updated INT NOT NULL,
  error VARCHAR(4000)
);

CREATE INDEX runs_by_district ON runs (district, requested_at);

CREATE TABLE clues (
  id VARCHAR(36) PRIMARY KEY,
  fingerprint VARCHAR(64) NOT NULL UNIQUE,
  model_id VARCHAR(64) NOT NULL,
  model_version VARCHAR(32) NOT NULL,
  district VARCHAR(6) NOT NULL,
  subject VARCHAR(128) NOT NULL,
  title VARCHAR(1000) NOT NULL,
  score DOUBLE PRECISION NOT NULL,
  state VARCHAR(16) NOT NULL,
  evidence VARCHAR NOT NULL,
  fields VARCHAR NOT NULL,
  first_run_id VARCHAR(36) NOT NULL,
  last_run_id VARCHAR(36) NOT NULL,
  first_seen TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
  seen_count INT NOT NULL
);

CREATE INDEX clues_by_district ON clues (district, model_id, state);
