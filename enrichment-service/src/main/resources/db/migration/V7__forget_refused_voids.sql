-- Until the void of a transaction the history does not hold succeeded (it is nothing to count), it was
-- refused, and the refusal kept here with its command. A compensation retries until it succeeds, and each
-- re-sent void was answered from this table with the same refusal: its saga stayed COMPENSATING until the
-- row aged out (vigil.enrichment.inbound.processed-retention, 8 days), its re-sends keeping the saga's sweep
-- and both databases busy. Forgotten, the next re-send of such a void is applied anew and succeeds. A void
-- was refused for no other reason. The statement reads the whole table once.
DELETE FROM processed_message
WHERE reply::json ->> 'type' = 'VOID' AND reply::json ->> 'success' = 'false';
