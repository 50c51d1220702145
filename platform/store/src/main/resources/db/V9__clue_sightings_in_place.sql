-- Mingjian state store, version 9: recording a sighting in place on PostgreSQL.
-- Never edit once shipped.
--
-- A run that finds a clue again updates its last seen, run, version and count, none of them
-- indexed. With room left in the clue's page PostgreSQL writes the new row version there as a
-- heap-only tuple: no new entries in the table's four indexes, so nightly re-runs neither slow
-- down nor bloat them (docs/benchmarks.md §8). Pages written from now on are filled to 70 %.
-- H2 has no such setting.

/* PostgreSQL only */ ALTER TABLE clues SET (fillfactor = 70);
