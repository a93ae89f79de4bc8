package io.vigil.gateway.model;

import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.SagaView;

/**
 * Answer of {@code GET /v1/transactions/{id}}: the decision as scored and the saga's state and steps;
 * {@code saga} is null while the orchestrator has no saga for it or cannot be reached.
 */
public record TransactionView(DecisionResponse decision, SagaView saga) {}
