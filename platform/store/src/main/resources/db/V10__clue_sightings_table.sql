-- Mingjian state store, version 10: a clue's sightings in a narrow table of their own.
-- Common subset of H2 and PostgreSQL; never edit once shipped.
--
-- A run that finds a clue again changes only its last seen, run, version, count and versions (and
-- keeps what they were, for undo). In the wide clues table H2 rewrites the whole row in every one
-- of its indexes for that, and PostgreSQL rewrites a row of about a kilobyte. Here a sighting
-- rewrites a narrow row in one index (docs/benchmarks.md §8, ADR 0005). clue_sightings is keyed
-- by the de-duplication key, so its primary key also keeps clues unique; clue_rows shows each clue
-- with its sightings as one row, as the clues table did up to version 9.

CREATE TABLE clue_sightings (
  fingerprint_key UUID PRIMARY KEY,
  last_run_id VARCHAR(36) NOT NULL,
  last_seen TIMESTAMP WITH TIME ZONE NOT NULL,
  seen_count INT NOT NULL,
  model_version VARCHAR(32) NOT NULL,
  versions VARCHAR(1000),
  prev_last_seen TIMESTAMP WITH TIME ZONE,
  prev_last_run_id VARCHAR(36),
  prev_model_version VARCHAR(32),
  prev_versions VARCHAR(1000)
);

INSERT INTO clue_sightings (fingerprint_key, last_run_id, last_seen, seen_count, model_version,
    versions, prev_last_seen, prev_last_run_id, prev_model_version, prev_versions)
  SELECT fingerprint_key, last_run_id, last_seen, seen_count, model_version, versions,
    prev_last_seen, prev_last_run_id, prev_model_version, prev_versions
  FROM clues;

DROP INDEX clues_by_fingerprint;

ALTER TABLE clues DROP COLUMN last_run_id;

ALTER TABLE clues DROP COLUMN last_seen;

ALTER TABLE clues DROP COLUMN seen_count;

ALTER TABLE clues DROP COLUMN model_version;

ALTER TABLE clues DROP COLUMN versions;

ALTER TABLE clues DROP COLUMN prev_last_seen;

ALTER TABLE clues DROP COLUMN prev_last_run_id;

ALTER TABLE clues DROP COLUMN prev_model_version;

ALTER TABLE clues DROP COLUMN prev_versions;

CREATE VIEW clue_rows AS
  SELECT c.id, c.fingerprint, c.fingerprint_key, c.model_id, c.district, c.subject, c.title,
    c.score, c.state, c.evidence, c.fields, c.first_run_id, c.first_seen, c.assignee,
    c.disposition, c.state_changed_at, c.flag, s.last_run_id, s.last_seen, s.seen_count,
    s.model_version, s.versions
  FROM clues c JOIN clue_sightings s ON s.fingerprint_key = c.fingerprint_key;

/* PostgreSQL only */ ALTER TABLE clue_sightings SET (fillfactor = 70);
