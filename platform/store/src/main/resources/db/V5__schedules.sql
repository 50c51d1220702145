-- Mingjian state store, version 5: the run engine's schedules, quarantined models and re-runs.
-- Written in the common subset of H2 and PostgreSQL. Never edit once shipped; append a new script.

CREATE TABLE schedules (
  model_id VARCHAR(64) NOT NULL,
  district VARCHAR(6) NOT NULL,
  cron VARCHAR(200) NOT NULL,
  parameters VARCHAR(4000) NOT NULL,
  updated_by VARCHAR(64) NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
  last_firing TIMESTAMP WITH TIME ZONE,
  last_run_id VARCHAR(36),
  last_error VARCHAR(4000),
  PRIMARY KEY (model_id, district)
);

-- a model whose code ignored its time limit: its bundle is stopped and the reconciler leaves it
-- stopped until a city administrator enables the model again
CREATE TABLE quarantines (
  model_id VARCHAR(64) PRIMARY KEY,
  version VARCHAR(32) NOT NULL,
  reason VARCHAR(4000) NOT NULL,
  run_id VARCHAR(36),
  quarantined_at TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE runs ADD COLUMN rerun_of VARCHAR(36);
