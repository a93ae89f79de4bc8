package io.vigil.saga.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vigil.contracts.CancellationEvent;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.DecisionEvent;
import io.vigil.contracts.Features;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Problem;
import io.vigil.contracts.Reason;
import io.vigil.contracts.SagaView;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Transaction;
import io.vigil.saga.engine.StepRecord;
import io.vigil.saga.model.TransactionSagaData;

/** Types Jackson reads and writes outside REST signatures (Kafka payloads, JSONB columns), for native images. */
@RegisterForReflection(
        targets = {
            CancellationEvent.class,
            CaseResolution.class,
            CaseView.class,
            DecisionEvent.class,
            Features.class,
            HistoryCommand.class,
            HistoryReply.class,
            Problem.class,
            Problem.FieldError.class,
            Reason.class,
            SagaView.class,
            SagaView.Step.class,
            ScoredTransaction.class,
            Transaction.class,
            StepRecord.class,
            TransactionSagaData.class
        })
public final class JsonReflection {
    private JsonReflection() {}
}
