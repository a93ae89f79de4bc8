package io.vigil.loadtest.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Failed requests by kind ({@code HTTP 429}, {@code timeout}, {@code connect error}, ...), safe to update from many threads. */
public final class ErrorCounts {

    public static final String TIMEOUT = "timeout";
    public static final String CONNECT = "connect error";
    public static final String IO = "I/O error";
    /** The generator could not send the request before its timeout had already passed (client-side backlog). */
    public static final String NOT_SENT = "not sent (client backlog)";

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public static String http(int status) {
        return "HTTP " + status;
    }

    public void add(String kind) {
        counts.computeIfAbsent(kind, k -> new LongAdder()).increment();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** A sorted copy. */
    public Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        counts.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }
}
