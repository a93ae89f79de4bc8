-- One row per (tenant, Idempotency-Key): the request fingerprint and, once completed, the answer to replay.
CREATE TABLE idempotency_keys (
    tenant          VARCHAR(128) NOT NULL,
    idempotency_key VARCHAR(255) NOT NULL,
    request_hash    CHAR(64)     NOT NULL,
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('IN_PROGRESS', 'COMPLETED')),
    -- Fences completion/release to the request that holds the claim, even after a lease takeover.
    owner           UUID         NOT NULL,
    response_status INTEGER,
    response_body   TEXT,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- An IN_PROGRESS row whose lease ran out belongs to a crashed request and may be taken over.
    locked_until    TIMESTAMPTZ  NOT NULL,
    expires_at      TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (tenant, idempotency_key),
    CHECK (state = 'IN_PROGRESS' OR (response_status IS NOT NULL AND response_body IS NOT NULL))
);

-- The purge job deletes by expiry.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
