package io.vigil.gateway.model;

/** The answer for an idempotent request and whether it was replayed from the store. */
public record IdempotentResult(StoredResponse response, boolean replayed) {}
