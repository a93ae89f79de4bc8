package io.vigil.contracts;

/** HTTP and Kafka header names used between services. */
public final class Headers {
    /** Tenant of the caller, set by the gateway from the verified token on internal calls. */
    public static final String TENANT = "X-Vigil-Tenant";
    /** Subject (user or client) behind an internal call, for audit. */
    public static final String SUBJECT = "X-Vigil-Subject";
    /** Correlation id carried from the edge through every hop and Kafka message. */
    public static final String CORRELATION_ID = "X-Correlation-Id";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private Headers() {}
}
