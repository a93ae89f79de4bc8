package io.vigil.loadtest.service;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.LatencyStats;
import java.time.Duration;
import java.util.Map;

/**
 * What one open-loop run measured.
 *
 * @param scheduled arrivals on the schedule: offered rate × duration
 * @param ok 2xx answers
 * @param decisions 2xx answers by the decision they carried
 * @param errors failed arrivals by kind
 * @param latency 2xx answers, from the intended send time (corrected for coordinated omission)
 * @param serviceTime 2xx answers, from the moment the request was actually handed to the client
 * @param elapsedSeconds from the first intended send to the last answer (at least the duration)
 */
public record RunResult(
        String target,
        double offeredRate,
        Duration duration,
        long scheduled,
        long ok,
        Map<Decision, Long> decisions,
        Map<String, Long> errors,
        LatencyStats latency,
        LatencyStats serviceTime,
        double elapsedSeconds) {

    /** Successful answers per second. */
    public double achievedRate() {
        return elapsedSeconds > 0 ? ok / elapsedSeconds : 0;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public double errorShare() {
        return scheduled > 0 ? (double) errorCount() / scheduled : 0;
    }
}
