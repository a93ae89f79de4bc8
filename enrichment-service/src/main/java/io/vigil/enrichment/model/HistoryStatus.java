package io.vigil.enrichment.model;

/** Life of a transaction in the wallet history; VOIDED rows never count in features. */
public enum HistoryStatus {
    PENDING,
    RECORDED,
    VOIDED
}
