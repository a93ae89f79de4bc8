package io.vigil.gateway.service;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.SagaView;
import io.vigil.gateway.client.EnrichmentClient;
import io.vigil.gateway.client.SagaClient;
import io.vigil.gateway.client.UpstreamException;
import io.vigil.gateway.model.Caller;
import io.vigil.gateway.model.Decided;
import io.vigil.gateway.model.TransactionRequest;
import io.vigil.gateway.model.TransactionView;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import org.jboss.logging.Logger;

/** Scoring, lookup and cancellation of transactions on behalf of an authenticated caller. */
@ApplicationScoped
public class TransactionService {

    private static final Logger LOG = Logger.getLogger(TransactionService.class);
    /** A saga starts within milliseconds of its scoring, unless saga-orchestrator is catching up. */
    private static final Duration SAGA_START_WAIT = Duration.ofSeconds(1);

    private final TransactionRequestParser parser;
    private final EnrichmentClient enrichment;
    private final SagaClient sagas;
    private final GatewayMetrics metrics;
    private final AdmissionControl admission;

    TransactionService(TransactionRequestParser parser, EnrichmentClient enrichment, SagaClient sagas,
            GatewayMetrics metrics, AdmissionControl admission) {
        this.parser = parser;
        this.enrichment = enrichment;
        this.sagas = sagas;
        this.metrics = metrics;
        this.admission = admission;
    }

    /**
     * Validates the key and the body, then, if the gateway has room ({@link AdmissionControl}), has
     * enrichment-service decide under the Idempotency-Key. enrichment-service keeps the answers: a retry gets
     * the stored decision, counted as a replay rather than as another decision.
     */
    public Uni<Decided> submit(Caller caller, String idempotencyKeyHeader, byte[] body) {
        String key = parser.idempotencyKey(idempotencyKeyHeader);
        TransactionRequest request = parser.parse(body);
        return admission.admit(() -> enrichment.decide(caller, key, request.toTransaction(caller.tenant()))
                .invoke(decided -> {
                    if (decided.replayed()) {
                        metrics.idempotentReplay();
                    } else {
                        metrics.decision(decided.decision());
                    }
                }));
    }

    /**
     * The decision and, fetched in parallel, the saga. The saga is optional: without one (404) or
     * with the orchestrator unreachable, the decision alone answers.
     */
    public Uni<TransactionView> find(Caller caller, String transactionId) {
        Uni<DecisionResponse> decision = enrichment.transaction(caller, transactionId);
        Uni<SagaView> saga = sagas.saga(caller, transactionId).onFailure().recoverWithItem(failure -> {
            if (!notFound(failure)) {
                LOG.warnf("Saga of %s unavailable, answering without it: %s", transactionId, failure.toString());
            }
            return null;
        });
        return Uni.combine().all().unis(decision, saga).asTuple()
                .map(both -> new TransactionView(both.getItem1(), both.getItem2()));
    }

    /**
     * The payment was cancelled upstream: the orchestrator compensates the saga. A scored transaction whose saga
     * has not started (its scored event still on its way through Kafka) is not unknown: 409 with Retry-After,
     * so the client sends the cancellation again rather than taking a 404 for "nothing to cancel".
     */
    public Uni<SagaView> cancel(Caller caller, String transactionId) {
        return sagas.cancel(caller, transactionId)
                .onFailure(TransactionService::notFound).recoverWithUni(sagaNotFound -> enrichment
                        .transaction(caller, transactionId)
                        .onItem().transformToUni(scored -> Uni.createFrom().failure(ApiException.retryLater(409,
                                "Saga not started yet", "transaction " + transactionId
                                        + " is scored but its saga has not started; send the cancellation again",
                                SAGA_START_WAIT))));
    }

    private static boolean notFound(Throwable failure) {
        return failure instanceof UpstreamException upstream && upstream.status() == 404;
    }
}
