package io.vigil.contracts;

/** Body of ml-engine's {@code POST /v1/score}: the transaction with its features computed upstream. */
public record EnrichedTransaction(Transaction transaction, Features features) {}
