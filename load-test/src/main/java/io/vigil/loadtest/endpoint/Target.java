package io.vigil.loadtest.endpoint;

/**
 * What the load generator drives: how to build the request for the n-th arrival. Implementations are called from
 * the single scheduler thread only, so they may keep unsynchronised state (such as a random stream).
 */
public interface Target {

    /** Short name used in reports: {@code platform} or {@code hops}. */
    String name();

    /** Whether a successful answer starts a saga whose decision appears on {@code vigil.decisions}. */
    boolean tracksSagas();

    Outgoing request(long sequence);
}
