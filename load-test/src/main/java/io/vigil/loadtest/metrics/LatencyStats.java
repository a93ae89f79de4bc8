package io.vigil.loadtest.metrics;

import org.HdrHistogram.Histogram;

/** The percentiles a report shows, in microseconds. */
public record LatencyStats(long count, long p50, long p90, long p99, long p999, long max) {

    public static final LatencyStats EMPTY = new LatencyStats(0, 0, 0, 0, 0, 0);

    /** Microsecond resolution from 1 µs to one hour, three significant digits. */
    public static Histogram newHistogram() {
        return new Histogram(1, 3_600_000_000L, 3);
    }

    public static LatencyStats of(Histogram h) {
        if (h.getTotalCount() == 0) {
            return EMPTY;
        }
        return new LatencyStats(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
    }
}
