-- Features sum and compare a wallet's amounts across its payments, so they count each one in the reference
-- currency (vigil.enrichment.currency, see ReferenceCurrency), converted when the decision is recorded: a rate
-- that changes later does not rewrite the wallet's past. amount and currency stay as the payment had them.
-- Rows written before this version were counted as they came, whatever their currency; they keep that value,
-- as the features saw them, and leave the 30-day window within a month.
-- The update and the index rebuild rewrite the table's largest parts: on a large history, run this
-- migration in a maintenance window, as V4.
ALTER TABLE wallet_transaction ADD COLUMN reference_amount NUMERIC;
UPDATE wallet_transaction SET reference_amount = amount;
ALTER TABLE wallet_transaction ALTER COLUMN reference_amount SET NOT NULL;

-- The window's events stay an index-only scan: the reference amount replaces the amount among its columns.
DROP INDEX wallet_transaction_window;
CREATE INDEX wallet_transaction_window
    ON wallet_transaction (tenant, wallet_id, occurred_at)
    INCLUDE (reference_amount, merchant_id, country, device_id, decision, label, created_at)
    WHERE counted;
