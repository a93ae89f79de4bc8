-- Autovacuum per table for the tables that churn. By default a table is vacuumed once 20 % of it is dead
-- rows, which lets these bloat for hours between runs (or, for a table that only grows, ever longer).
-- Analyze keeps its defaults: they are read by key or by index range, plans that do not hinge on fresh
-- statistics. Setting these parameters takes a SHARE UPDATE EXCLUSIVE lock only: reads and writes go on.

-- Each row dies twice (marked sent, then purged after 3 days), ~3 % of the table an hour: 1 % vacuums every ~20 min, not every ~7 h.
ALTER TABLE outbox_message SET (autovacuum_vacuum_scale_factor = 0.01);

-- Only the hourly purge kills rows, 1/192 (~0.5 %) of an 8-day table each time: 0.5 % vacuums after about every purge, not every ~40 h.
ALTER TABLE processed_message SET (autovacuum_vacuum_scale_factor = 0.005);

-- Never purged, while each step of a recent saga leaves a dead version: a fixed 10 000 of them, not a share of every saga ever run, starts a vacuum.
ALTER TABLE saga_instance SET (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000);
