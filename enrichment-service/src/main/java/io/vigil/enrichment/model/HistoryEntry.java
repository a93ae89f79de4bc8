package io.vigil.enrichment.model;

/** What a saga command needs to know of a stored transaction. */
public record HistoryEntry(String walletId, HistoryStatus status) {}
