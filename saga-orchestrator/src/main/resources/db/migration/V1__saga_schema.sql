-- One row per saga (id = transaction id). The step log lives with the state so one optimistic
-- update (version) covers both; wake_at is the next deadline the recovery sweep must act on.
CREATE TABLE saga_instance (
    saga_id          TEXT PRIMARY KEY,
    saga_type        TEXT        NOT NULL,
    tenant           TEXT        NOT NULL,
    wallet_id        TEXT        NOT NULL,
    state            TEXT        NOT NULL,
    cursor_pos       INT         NOT NULL,
    cancel_requested BOOLEAN     NOT NULL DEFAULT FALSE,
    cause            TEXT,
    data             JSONB,
    steps            JSONB       NOT NULL,
    wake_at          TIMESTAMPTZ,
    started_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    version          BIGINT      NOT NULL
);
CREATE INDEX saga_instance_wake_idx ON saga_instance (wake_at) WHERE wake_at IS NOT NULL;
CREATE INDEX saga_instance_state_idx ON saga_instance (state);

-- decision.persist: what was decided, on what evidence, by which model; retracted, never deleted.
CREATE TABLE decision_audit (
    transaction_id   TEXT PRIMARY KEY,
    tenant           TEXT             NOT NULL,
    wallet_id        TEXT             NOT NULL,
    decision         TEXT             NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    reasons          JSONB            NOT NULL,
    model_version    TEXT,
    features         JSONB,
    degraded         BOOLEAN          NOT NULL,
    trace_id         TEXT,
    scored_at        TIMESTAMPTZ,
    recorded_at      TIMESTAMPTZ      NOT NULL,
    retracted_at     TIMESTAMPTZ
);
CREATE INDEX decision_audit_wallet_idx ON decision_audit (tenant, wallet_id, recorded_at);

-- case.open: the analyst queue. case_id = transaction id.
CREATE TABLE analyst_case (
    case_id          TEXT PRIMARY KEY,
    tenant           TEXT             NOT NULL,
    wallet_id        TEXT             NOT NULL,
    status           TEXT             NOT NULL,
    score            DOUBLE PRECISION NOT NULL,
    reasons          JSONB            NOT NULL,
    model_version    TEXT,
    opened_at        TIMESTAMPTZ      NOT NULL,
    expires_at       TIMESTAMPTZ      NOT NULL,
    resolved_at      TIMESTAMPTZ,
    verdict          TEXT,
    note             TEXT,
    resolved_by      TEXT
);
CREATE INDEX analyst_case_queue_idx ON analyst_case (tenant, status, opened_at);

-- Transactional outbox: written with the saga transition, published in id order by the relay.
CREATE TABLE outbox_message (
    id               BIGSERIAL PRIMARY KEY,
    message_id       TEXT        NOT NULL,
    topic            TEXT        NOT NULL,
    message_key      TEXT,
    payload          TEXT,
    headers          JSONB       NOT NULL DEFAULT '{}'::jsonb,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at          TIMESTAMPTZ
);
CREATE INDEX outbox_message_unsent_idx ON outbox_message (id) WHERE sent_at IS NULL;
CREATE INDEX outbox_message_sent_idx ON outbox_message (sent_at) WHERE sent_at IS NOT NULL;

-- Inbox: ids of consumed Kafka records (topic-partition@offset), so a redelivery changes nothing.
CREATE TABLE processed_message (
    message_id       TEXT PRIMARY KEY,
    processed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX processed_message_age_idx ON processed_message (processed_at);
