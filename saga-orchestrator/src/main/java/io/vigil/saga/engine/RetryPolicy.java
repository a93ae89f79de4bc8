package io.vigil.saga.engine;

import java.time.Duration;

/**
 * How long to wait for a participant before sending the command again: exponential backoff from
 * {@code initialDelay}, capped at {@code maxDelay}, spread by +/- {@code jitter} (a fraction) so
 * many sagas waiting on one participant do not retry in lock step. Forward steps fail for good after
 * {@code maxAttempts}; compensations ignore the limit and retry until they succeed.
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double multiplier, double jitter) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1");
        }
        if (multiplier < 1.0 || jitter < 0.0 || jitter >= 1.0) {
            throw new IllegalArgumentException("multiplier must be >= 1 and jitter in [0, 1)");
        }
    }

    /** Wait after attempt number {@code attempt} (1-based); {@code random} is uniform in [0, 1). */
    public Duration delay(int attempt, double random) {
        double base = initialDelay.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        double capped = Math.min(base, maxDelay.toMillis());
        double spread = capped * (1.0 + jitter * (2.0 * random - 1.0));
        return Duration.ofMillis(Math.max(1L, Math.round(spread)));
    }
}
