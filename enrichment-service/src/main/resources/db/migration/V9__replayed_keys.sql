-- An Idempotency-Key is bound to the body of its first use. When that first use replays a transaction decided
-- earlier (under another key, or from Kafka without one), the decision's row already carries its own key, so
-- the new key is bound here: used again with another body it is a 409, as a key bound by its own decision is.
-- Only such replays write a row, and a keyed decision probes this table's primary key in its insert. History
-- rows are never deleted, so each row's transaction stays there. Not closed: a new key whose first two uses
-- arrive together, one replaying a decided transaction and one deciding another, can be bound to both, since
-- neither statement sees the other's uncommitted row (no constraint spans the two tables). Versions before
-- this one do not probe the table while an upgrade runs them beside it.
CREATE TABLE replayed_key (
    tenant          TEXT        NOT NULL,
    idempotency_key TEXT        NOT NULL,
    request_hash    TEXT        NOT NULL,
    transaction_id  TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, idempotency_key)
);
