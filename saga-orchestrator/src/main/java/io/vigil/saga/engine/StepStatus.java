package io.vigil.saga.engine;

/** Outcome of one entry of the step log. */
public enum StepStatus {
    /** Command sent, reply awaited until the entry's deadline. */
    AWAITING_REPLY,
    /** Waiting for an outside event until the entry's deadline. */
    PARKED,
    /** A compensation refused by its participant, to be sent again at the deadline. */
    RETRY_SCHEDULED,
    DONE,
    /** The step's condition did not hold for this saga. */
    SKIPPED,
    FAILED,
    /** Interrupted by a cancellation while awaiting a reply or parked. */
    ABANDONED;

    public boolean isWaiting() {
        return this == AWAITING_REPLY || this == PARKED || this == RETRY_SCHEDULED;
    }
}
