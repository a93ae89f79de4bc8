package io.vigil.contracts;

import java.time.Instant;
import java.util.List;

/** Saga state and step log, served by saga-orchestrator's {@code GET /v1/sagas/{id}}. */
public record SagaView(
        String sagaId,
        String state,
        Decision scoredDecision,
        Decision finalDecision,
        List<Step> steps,
        Instant startedAt,
        Instant updatedAt) {

    /** One step (or compensation) with its outcome; {@code detail} explains a failure. */
    public record Step(
            String name, String status, int attempts, Instant startedAt, Instant finishedAt, String detail) {}
}
