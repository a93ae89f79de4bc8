package io.vigil.loadtest.service;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.LatencyStats;
import io.vigil.loadtest.metrics.Timeline;
import java.time.Duration;
import java.util.List;
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
 * @param timeline the run second by second (see {@link Timeline})
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
        double elapsedSeconds,
        List<Timeline.Second> timeline) {

    /** How many of the worst seconds a summary shows. */
    static final int WORST_SECONDS = 5;

    /** Successful answers per second. */
    public double achievedRate() {
        return elapsedSeconds > 0 ? ok / elapsedSeconds : 0;
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The seconds of the schedule in which most arrivals failed or were answered slower than
     * {@link OpenLoopRunner#SLOW_MICROS}, most first; empty when none did.
     */
    public List<Timeline.Second> worstSeconds() {
        return Timeline.worst(timeline, WORST_SECONDS);
    }

    public double errorShare() {
        return scheduled > 0 ? (double) errorCount() / scheduled : 0;
    }
}
