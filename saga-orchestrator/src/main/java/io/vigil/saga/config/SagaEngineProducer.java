package io.vigil.saga.config;

import io.vigil.saga.engine.RetryPolicy;
import io.vigil.saga.engine.SagaEngine;
import io.vigil.saga.model.TransactionSagaData;
import io.vigil.saga.service.TransactionSaga;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/** Wires the transaction saga definition, from configuration, onto the generic engine. */
@ApplicationScoped
public class SagaEngineProducer {

    @Produces
    @ApplicationScoped
    SagaEngine<TransactionSagaData> transactionSagaEngine(SagaConfig config) {
        SagaConfig.Participant p = config.participant();
        RetryPolicy retry = new RetryPolicy(
                p.maxAttempts(), p.replyTimeout(), p.maxBackoff(), p.backoffMultiplier(), p.jitter());
        TransactionSaga saga = new TransactionSaga(new TransactionSaga.Policy(
                retry, config.review().timeout(), config.review().timeoutDecision()));
        return new SagaEngine<>(saga.definition(), () -> ThreadLocalRandom.current().nextDouble());
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return Clock.systemUTC();
    }
}
