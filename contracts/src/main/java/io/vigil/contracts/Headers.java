package io.vigil.contracts;

import java.util.regex.Pattern;

/** HTTP and Kafka header names used between services. */
public final class Headers {
    /** Tenant of the caller, set by the gateway from the verified token on internal calls. */
    public static final String TENANT = "X-Vigil-Tenant";
    /** Subject (user or client) behind an internal call, for audit. */
    public static final String SUBJECT = "X-Vigil-Subject";
    /** Correlation id carried from the edge through every hop and Kafka message. */
    public static final String CORRELATION_ID = "X-Correlation-Id";
    /** Client's key for a submission: enrichment-service decides once per (tenant, key), for the same body. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** A well-formed {@link #IDEMPOTENCY_KEY}: 1 to 255 visible ASCII characters. */
    public static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** Set to {@code true} on an answer that was stored before, not decided by this request. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private Headers() {}
}
