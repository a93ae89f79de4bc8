-- A submission's Idempotency-Key is bound to the transaction it decided, for as long as that decision is
-- kept: the same key with the same body (request_hash) gets the stored answer back, with another body a
-- 409. The key is checked in the decision's own insert, so the gateway keeps no state and a decision pays
-- no statement for it. Transactions ingested from Kafka have no key. Adding nullable columns is instant; a
-- plain CREATE INDEX blocks writes while it builds: before upgrading a service whose history is already
-- large, build it by hand with CREATE UNIQUE INDEX CONCURRENTLY under the same name, which IF NOT EXISTS
-- then leaves alone.
ALTER TABLE wallet_transaction ADD COLUMN idempotency_key TEXT, ADD COLUMN request_hash TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS wallet_transaction_idempotency_key
    ON wallet_transaction (tenant, idempotency_key) WHERE idempotency_key IS NOT NULL;
