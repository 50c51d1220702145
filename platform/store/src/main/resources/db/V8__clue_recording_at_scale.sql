-- Mingjian state store, version 8: recording clues at scale (docs/benchmarks.md §8).
-- Common subset of H2 and PostgreSQL; never edit once shipped.
--
-- * fingerprint_key, the first 128 bits of the SHA-256 fingerprint as a UUID, replaces the
--   64-character fingerprint as the de-duplication key: its unique index is a quarter of the size
--   and compares as two numbers. The fingerprint itself stays, as before, in every clue.
-- * prev_*: what a sighting replaced, so that a recording that fails or is cut short by a crash
--   can be undone row by row (see clue_recordings).
-- * clue_recordings: the runs whose clues are being written in several transactions. Their new
--   clues are not shown until the row is gone; at start the platform undoes what is left of them.
--
-- The unique constraint on fingerprint has a generated name in H2, so the table is rebuilt rather
-- than altered.

CREATE TABLE clues_v8 (
  id VARCHAR(36) PRIMARY KEY,
  fingerprint VARCHAR(64) NOT NULL,
  fingerprint_key UUID NOT NULL,
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
  seen_count INT NOT NULL,
  assignee VARCHAR(64),
  disposition VARCHAR(40),
  state_changed_at TIMESTAMP WITH TIME ZONE,
  versions VARCHAR(1000),
  flag VARCHAR(1000),
  prev_last_seen TIMESTAMP WITH TIME ZONE,
  prev_last_run_id VARCHAR(36),
  prev_model_version VARCHAR(32),
  prev_versions VARCHAR(1000)
);

INSERT INTO clues_v8 (id, fingerprint, fingerprint_key, model_id, model_version, district, subject,
    title, score, state, evidence, fields, first_run_id, last_run_id, first_seen, last_seen,
    seen_count, assignee, disposition, state_changed_at, versions, flag)
  SELECT id, fingerprint, CAST(SUBSTRING(fingerprint, 1, 32) AS UUID), model_id, model_version,
    district, subject, title, score, state, evidence, fields, first_run_id, last_run_id,
    first_seen, last_seen, seen_count, assignee, disposition, state_changed_at, versions, flag
  FROM clues;

DROP TABLE clues;

ALTER TABLE clues_v8 RENAME TO clues;

CREATE UNIQUE INDEX clues_by_fingerprint ON clues (fingerprint_key);

CREATE INDEX clues_by_district ON clues (district, model_id, state);

CREATE INDEX clues_confirmed ON clues (state, model_id);

CREATE TABLE clue_recordings (
  run_id VARCHAR(36) PRIMARY KEY,
  model_id VARCHAR(64) NOT NULL,
  started_at TIMESTAMP WITH TIME ZONE NOT NULL
);
