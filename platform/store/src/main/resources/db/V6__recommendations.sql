-- Mingjian state store, version 6: governance recommendations (检察建议书) drafted from similar
-- cases, with every revision of their text. Common subset of H2 and PostgreSQL; never edit once
-- shipped.

CREATE TABLE recommendations (
  id VARCHAR(36) PRIMARY KEY,
  group_key VARCHAR(300) NOT NULL,
  model_id VARCHAR(64) NOT NULL,
  pattern VARCHAR(200) NOT NULL,
  title VARCHAR(500) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by VARCHAR(64) NOT NULL
);

CREATE INDEX recommendations_by_key ON recommendations (group_key, created_at);

CREATE TABLE recommendation_revisions (
  recommendation_id VARCHAR(36) NOT NULL,
  revision INT NOT NULL,
  at TIMESTAMP WITH TIME ZONE NOT NULL,
  actor VARCHAR(64) NOT NULL,
  markdown VARCHAR NOT NULL,
  PRIMARY KEY (recommendation_id, revision)
);

CREATE INDEX clues_confirmed ON clues (state, model_id);
