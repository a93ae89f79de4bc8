package io.vigil.saga.model;

import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.ScoredTransaction;

/** A consumed record, read and checked: what it asks of its saga, or why it is poison. */
public sealed interface SagaInput {

    InboundMessage message();

    /** The saga the record is about; null for poison. */
    String sagaId();

    record Scored(InboundMessage message, ScoredTransaction scored) implements SagaInput {
        @Override
        public String sagaId() {
            return SagaIds.of(scored.transaction().tenant(), scored.transaction().transactionId());
        }
    }

    record Replied(InboundMessage message, HistoryReply reply) implements SagaInput {
        @Override
        public String sagaId() {
            return reply.sagaId();
        }
    }

    record Cancelled(InboundMessage message, CancellationEvent event) implements SagaInput {
        @Override
        public String sagaId() {
            return SagaIds.of(event.tenant(), event.transactionId());
        }
    }

    record Poison(InboundMessage message, String reason) implements SagaInput {
        @Override
        public String sagaId() {
            return null;
        }
    }
}
