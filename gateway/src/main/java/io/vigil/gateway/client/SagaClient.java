package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.SagaView;
import io.vigil.gateway.model.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * saga-orchestrator behind a bounded bulkhead, a timeout and a circuit breaker (values under
 * {@code quarkus.fault-tolerance."io.vigil.gateway.client.SagaClient"}).
 */
@ApplicationScoped
@Timeout
@Bulkhead
@CircuitBreaker(skipOn = UpstreamClientException.class)
public class SagaClient {

    static final String UPSTREAM = "saga-orchestrator";

    private final SagaApi api;

    SagaClient(@RestClient SagaApi api) {
        this.api = api;
    }

    public Uni<SagaView> saga(Caller caller, String sagaId) {
        return guard(api.saga(caller.tenant(), caller.subject(), caller.correlationId(), sagaId));
    }

    public Uni<SagaView> cancel(Caller caller, String sagaId) {
        return guard(api.cancel(caller.tenant(), caller.subject(), caller.correlationId(), sagaId));
    }

    public Uni<List<CaseView>> cases(Caller caller, String status) {
        return guard(api.cases(caller.tenant(), caller.subject(), caller.correlationId(), status));
    }

    public Uni<CaseView> resolve(Caller caller, String caseId, CaseResolution resolution) {
        return guard(api.resolve(caller.tenant(), caller.subject(), caller.correlationId(), caseId, resolution));
    }

    private static <T> Uni<T> guard(Uni<T> call) {
        return UpstreamUnavailableException.guard(UPSTREAM, call);
    }
}
