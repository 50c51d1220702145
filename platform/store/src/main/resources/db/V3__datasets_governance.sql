-- Mingjian state store, version 3: dataset governance facts (purpose, retention).
-- Written in the common subset of H2 and PostgreSQL. Never edit once shipped; append V4.

ALTER TABLE datasets ADD COLUMN purpose VARCHAR(1000);

ALTER TABLE datasets ADD COLUMN retention_until DATE;
