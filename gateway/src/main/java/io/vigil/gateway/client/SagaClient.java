package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.SagaView;
import io.vigil.gateway.model.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * saga-orchestrator behind a bounded bulkhead and a circuit breaker (values under
 * {@code quarkus.fault-tolerance."io.vigil.gateway.client.SagaClient"}), each call cut by the REST client's
 * read timeout ({@code quarkus.rest-client.saga.read-timeout}) as in {@link EnrichmentClient}. Cancel and
 * resolve change state and are not retried; the reads get one quick retry with jitter when an attempt failed fast
 * (no answer, or 5xx), never after a timeout, a 4xx or an unreadable answer (values under
 * {@code "io.vigil.gateway.client.SagaClient/<method>".retry}). The circuit counts the upstream's
 * faults only: its 4xx answers and our own load shedding are not.
 */
@ApplicationScoped
@Bulkhead
@CircuitBreaker(skipOn = {UpstreamClientException.class, BulkheadException.class})
public class SagaClient {

    static final String UPSTREAM = "saga-orchestrator";

    private final SagaApi api;

    SagaClient(@RestClient SagaApi api) {
        this.api = api;
    }

    @Retry(maxRetries = 1, delay = 100, jitter = 50,
            retryOn = {UpstreamUnavailableException.class, UpstreamException.class},
            abortOn = UpstreamClientException.class)
    public Uni<SagaView> saga(Caller caller, String sagaId) {
        return guard(api.saga(caller.tenant(), caller.subjectHeader(), caller.correlationId(), sagaId),
                SagaClient::complete);
    }

    public Uni<SagaView> cancel(Caller caller, String sagaId) {
        return guard(api.cancel(caller.tenant(), caller.subjectHeader(), caller.correlationId(), sagaId),
                SagaClient::complete);
    }

    @Retry(maxRetries = 1, delay = 100, jitter = 50,
            retryOn = {UpstreamUnavailableException.class, UpstreamException.class},
            abortOn = UpstreamClientException.class)
    public Uni<List<CaseView>> cases(Caller caller, String status, int limit, String after) {
        return guard(api.cases(caller.tenant(), caller.subjectHeader(), caller.correlationId(), status, limit, after),
                cases -> cases.stream().allMatch(SagaClient::complete));
    }

    public Uni<CaseView> resolve(Caller caller, String caseId, CaseResolution resolution) {
        return guard(api.resolve(caller.tenant(), caller.subjectHeader(), caller.correlationId(), caseId, resolution),
                SagaClient::complete);
    }

    private static boolean complete(SagaView saga) {
        return saga.sagaId() != null && saga.state() != null;
    }

    private static boolean complete(CaseView view) {
        return view != null && view.caseId() != null && view.status() != null;
    }

    private static <T> Uni<T> guard(Uni<T> call, Predicate<T> complete) {
        return UpstreamCalls.guard(UPSTREAM, call, complete);
    }
}
