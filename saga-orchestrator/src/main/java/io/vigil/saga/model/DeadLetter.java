package io.vigil.saga.model;

import io.vigil.saga.engine.Effect;

/** A consumed record parked on the dead-letter topic, through the outbox, with why it could not be processed. */
public record DeadLetter(InboundMessage source, String reason) implements Effect {}
