package io.vigil.saga.engine;

import java.time.Instant;

/** What a step's functions may know besides the saga data: which saga, which command id, and the clock. */
public record StepContext(String sagaId, String stepName, String commandId, Instant now) {}
