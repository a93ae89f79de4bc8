-- Features sum and compare a wallet's amounts across its payments, so they count each one in the model's currency
-- (EUR, see ReferenceCurrency), converted at its configured rate when the decision is recorded: a rate that changes
-- later does not rewrite the wallet's past. amount and currency stay as the payment had them.
-- The column is nullable and nothing is rewritten: a row without it counts its amount as earlier versions did,
-- whatever its currency (the snapshot reads coalesce(reference_amount, amount)). That covers the rows of earlier
-- versions and those their pods still write while a canary or rolling upgrade runs both versions side by side;
-- such rows in other currencies than EUR leave the 30-day window within a month.
ALTER TABLE wallet_transaction ADD COLUMN IF NOT EXISTS reference_amount NUMERIC;

-- The window's events stay an index-only scan for both versions, with both amounts among its columns. A plain
-- CREATE INDEX blocks writes while it builds: on a large history, prepare both by hand beforehand (the ALTER TABLE
-- above, CREATE INDEX CONCURRENTLY as below under another name, DROP INDEX CONCURRENTLY wallet_transaction_window,
-- then rename the new one), which this migration then leaves alone.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_indexes
                    WHERE schemaname = current_schema() AND indexname = 'wallet_transaction_window'
                      AND indexdef LIKE '%reference_amount%') THEN
        DROP INDEX IF EXISTS wallet_transaction_window;
        CREATE INDEX wallet_transaction_window
            ON wallet_transaction (tenant, wallet_id, occurred_at)
            INCLUDE (amount, reference_amount, merchant_id, country, device_id, decision, label, created_at)
            WHERE counted;
    END IF;
END $$;
