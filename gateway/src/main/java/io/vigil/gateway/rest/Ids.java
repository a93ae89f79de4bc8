package io.vigil.gateway.rest;

import io.vigil.contracts.Transaction;

/**
 * The ids a path may name: those a transaction can carry, through this API or from Kafka. Checked before any
 * call upstream, where a NUL or another character the databases refuse failed as a 500, which the circuit
 * breakers shared by every tenant counted.
 */
final class Ids {

    static final String PATTERN = Transaction.ID_PATTERN;
    static final String MESSAGE = "must be 1 to 128 characters among letters, digits and . _ : @ -";

    private Ids() {}
}
