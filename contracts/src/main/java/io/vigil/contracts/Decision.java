package io.vigil.contracts;

/** Outcome of scoring a transaction. */
public enum Decision {
    APPROVE,
    REVIEW,
    DECLINE
}
