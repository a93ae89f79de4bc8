-- The hourly purge (messaging/RetentionPurge) finds what it deletes through these: without them every
-- chunk it deletes would scan the table. A plain CREATE INDEX blocks writes to the table while it builds:
-- before upgrading a service whose outbox is already large, build them by hand with CREATE INDEX
-- CONCURRENTLY under the same names, which IF NOT EXISTS then leaves alone.
CREATE INDEX IF NOT EXISTS outbox_sent ON outbox (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS processed_message_age ON processed_message (processed_at);
