package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import io.vigil.gateway.model.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * enrichment-service behind a bounded bulkhead, a timeout and a circuit breaker (values under
 * {@code quarkus.fault-tolerance."io.vigil.gateway.client.EnrichmentClient"}). No retry here: the
 * client retries with its Idempotency-Key, and a retry inside the budget would only add load to a
 * struggling upstream.
 */
@ApplicationScoped
@Timeout
@Bulkhead
@CircuitBreaker(skipOn = UpstreamClientException.class)
public class EnrichmentClient {

    static final String UPSTREAM = "enrichment-service";

    private final EnrichmentApi api;

    EnrichmentClient(@RestClient EnrichmentApi api) {
        this.api = api;
    }

    public Uni<DecisionResponse> decide(Caller caller, Transaction transaction) {
        return guard(api.decide(caller.tenant(), caller.subject(), caller.correlationId(), transaction));
    }

    public Uni<DecisionResponse> transaction(Caller caller, String transactionId) {
        return guard(api.transaction(caller.tenant(), caller.subject(), caller.correlationId(), transactionId));
    }

    public Uni<Features> features(Caller caller, String walletId) {
        return guard(api.features(caller.tenant(), caller.subject(), caller.correlationId(), walletId));
    }

    private static <T> Uni<T> guard(Uni<T> call) {
        return UpstreamUnavailableException.guard(UPSTREAM, call);
    }
}
