package io.vigil.saga.model;

/** Lifecycle of an analyst case, as {@code CaseView.status}. */
public enum CaseStatus {
    OPEN,
    RESOLVED,
    EXPIRED,
    CANCELLED
}
