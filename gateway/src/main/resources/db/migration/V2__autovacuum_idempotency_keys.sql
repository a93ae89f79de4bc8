-- Autovacuum for a table that churns like a queue. By default a table is vacuumed once 20 % of it is dead
-- rows, which lets it bloat for hours between runs. Analyze keeps its defaults: the table is read by key
-- and purged by an index range. Setting the parameter takes a SHARE UPDATE EXCLUSIVE lock only: reads and
-- writes go on while the migration runs.

-- Each key dies twice (completed, then purged once its 24 h window ran out), ~8 % of the table an hour: 2 % vacuums every ~15 min, not every ~2.5 h.
ALTER TABLE idempotency_keys SET (autovacuum_vacuum_scale_factor = 0.02);
