package io.vigil.saga.service;

import io.vigil.contracts.Decision;
import io.vigil.contracts.SagaView;
import io.vigil.saga.engine.SagaInstance;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.engine.StepStatus;
import io.vigil.saga.model.SagaIds;
import io.vigil.saga.model.TransactionSagaData;

/** Maps a saga to its REST view. */
final class SagaViews {

    private SagaViews() {}

    static SagaView of(SagaInstance<TransactionSagaData> saga) {
        TransactionSagaData data = saga.data();
        boolean published = saga.log().stream()
                .anyMatch(s -> s.name().equals(TransactionSaga.DECISION_PUBLISH) && s.status() == StepStatus.DONE);
        Decision scored = data == null ? null : data.scored().decision();
        Decision decided = published ? data.finalDecision() : null;
        return new SagaView(
                SagaIds.transactionId(saga.id()),
                saga.state().name(),
                scored,
                decided,
                saga.log().stream().map(SagaViews::step).toList(),
                saga.startedAt(),
                saga.updatedAt());
    }

    private static SagaView.Step step(StepRecord r) {
        return new SagaView.Step(r.name(), r.status().name(), r.attempts(), r.startedAt(), r.finishedAt(), r.detail());
    }
}
