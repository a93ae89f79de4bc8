-- Wallet history: one row per scored transaction, the source of every feature.
CREATE TABLE wallet_transaction (
    tenant          TEXT             NOT NULL,
    transaction_id  TEXT             NOT NULL,
    wallet_id       TEXT             NOT NULL,
    occurred_at     TIMESTAMPTZ      NOT NULL,
    amount          NUMERIC          NOT NULL,
    currency        CHAR(3)          NOT NULL,
    merchant_id     TEXT             NOT NULL,
    mcc             TEXT,
    channel         TEXT             NOT NULL,
    country         CHAR(2)          NOT NULL,
    device_id       TEXT,
    ip              TEXT,
    decision        TEXT             NOT NULL CHECK (decision IN ('APPROVE', 'REVIEW', 'DECLINE')),
    score           DOUBLE PRECISION NOT NULL,
    model_version   TEXT             NOT NULL,
    degraded        BOOLEAN          NOT NULL,
    status          TEXT             NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'RECORDED', 'VOIDED')),
    label           TEXT             CHECK (label IN ('FRAUD', 'LEGIT')),
    response        JSONB            NOT NULL,
    created_at      TIMESTAMPTZ      NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, transaction_id)
);

-- The 30-day window and first-seen lookups of one wallet as index-only scans. Partial like the
-- indexes below, since every feature query excludes VOIDED rows.
CREATE INDEX wallet_transaction_window
    ON wallet_transaction (tenant, wallet_id, occurred_at)
    INCLUDE (amount, merchant_id, country, device_id, decision, label, created_at)
    WHERE status <> 'VOIDED';

-- "Has this wallet used this device / country / merchant before T": one index probe each.
CREATE INDEX wallet_transaction_device_seen
    ON wallet_transaction (tenant, wallet_id, device_id, occurred_at) WHERE status <> 'VOIDED';
CREATE INDEX wallet_transaction_country_seen
    ON wallet_transaction (tenant, wallet_id, country, occurred_at) WHERE status <> 'VOIDED';
CREATE INDEX wallet_transaction_merchant_seen
    ON wallet_transaction (tenant, wallet_id, merchant_id, occurred_at) WHERE status <> 'VOIDED';

-- Merchant transaction and fraud-label counts over 30 days, across the tenant's wallets.
CREATE INDEX wallet_transaction_merchant_window
    ON wallet_transaction (tenant, merchant_id, occurred_at) INCLUDE (label) WHERE status <> 'VOIDED';

-- Transactional outbox: written in the same transaction as the state it announces, relayed to Kafka.
CREATE TABLE outbox (
    id           BIGSERIAL   PRIMARY KEY,
    topic        TEXT        NOT NULL,
    message_key  TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    traceparent  TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at      TIMESTAMPTZ
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Saga commands already applied, with the reply they produced, so a redelivered command is answered
-- again without being applied twice.
CREATE TABLE processed_message (
    tenant       TEXT        NOT NULL,
    message_id   TEXT        NOT NULL,
    reply        TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant, message_id)
);
