package io.vigil.loadtest.metrics;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A run second by second, by intended send time: answers, failures, answers slower than a bound and the slowest
 * answer. A tail or a burst of errors that a whole-run histogram blurs shows up here as the seconds it happened
 * in, with their wall-clock time to set beside the services' logs (a checkpoint, a purge, a collector pause).
 * Safe to update from many threads.
 */
public final class Timeline {

    /** One second of the schedule, starting {@code second} seconds into the run at wall-clock {@code at}. */
    public record Second(int second, Instant at, long ok, long slow, long errors, long maxMicros) {

        /** Its wall-clock start as {@code HH:mm:ss} (UTC), seconds shown even when zero. */
        public String clock() {
            return CLOCK.format(at);
        }

        /** Arrivals of this second that missed the bound: failed, or answered slower than it. */
        public long missed() {
            return errors + slow;
        }
    }

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Instant start;
    private final long slowMicros;
    private final AtomicLongArray ok;
    private final AtomicLongArray slow;
    private final AtomicLongArray errors;
    private final AtomicLongArray maxMicros;

    /** @param slowMicros answers taking longer than this count as slow */
    public Timeline(Instant start, Duration duration, long slowMicros) {
        int seconds = (int) Math.max(1, (duration.toNanos() + 999_999_999L) / 1_000_000_000L);
        this.start = start;
        this.slowMicros = slowMicros;
        this.ok = new AtomicLongArray(seconds);
        this.slow = new AtomicLongArray(seconds);
        this.errors = new AtomicLongArray(seconds);
        this.maxMicros = new AtomicLongArray(seconds);
    }

    /** An answer to the arrival intended {@code offsetNanos} after the start. */
    public void answered(long offsetNanos, long latencyMicros) {
        int s = index(offsetNanos);
        ok.incrementAndGet(s);
        if (latencyMicros > slowMicros) {
            slow.incrementAndGet(s);
        }
        maxMicros.accumulateAndGet(s, latencyMicros, Math::max);
    }

    /** A failure (error answer, timeout, not sent) of the arrival intended {@code offsetNanos} after the start. */
    public void failed(long offsetNanos) {
        errors.incrementAndGet(index(offsetNanos));
    }

    public List<Second> seconds() {
        List<Second> all = new ArrayList<>(ok.length());
        for (int s = 0; s < ok.length(); s++) {
            all.add(new Second(s, start.plusSeconds(s), ok.get(s), slow.get(s), errors.get(s), maxMicros.get(s)));
        }
        return all;
    }

    /** At most {@code n} of {@code seconds} in which arrivals missed the bound, most missed first. */
    public static List<Second> worst(List<Second> seconds, int n) {
        return seconds.stream()
                .filter(s -> s.missed() > 0)
                .sorted(Comparator.comparingLong(Second::missed).reversed().thenComparingInt(Second::second))
                .limit(n)
                .toList();
    }

    private int index(long offsetNanos) {
        return (int) Math.clamp(offsetNanos / 1_000_000_000L, 0, ok.length() - 1);
    }
}
