package io.vigil.saga.engine;

/** Where a saga stands. COMPLETED can still be compensated by a cancellation; the other two are final. */
public enum SagaState {
    /** Executing forward steps; a participant reply is awaited. */
    RUNNING,
    /** Parked in a step until an outside event (an analyst verdict) or the step's timeout. */
    PARKED,
    /** Undoing done steps in reverse order. */
    COMPENSATING,
    /** Every step done. */
    COMPLETED,
    /** A step failed for good and every done step was compensated. */
    COMPENSATED,
    /** Cancelled upstream and every done step was compensated. */
    CANCELLED;

    /** True when nothing is left to do or wait for, so no sweep needs to look at the saga again. */
    public boolean isSettled() {
        return this == COMPLETED || this == COMPENSATED || this == CANCELLED;
    }
}
