package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import io.vigil.gateway.model.Caller;
import io.vigil.gateway.model.Decided;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * enrichment-service behind a bounded bulkhead and a circuit breaker (values under
 * {@code quarkus.fault-tolerance."io.vigil.gateway.client.EnrichmentClient"}), each call cut by the REST
 * client's read timeout ({@code quarkus.rest-client.enrichment.read-timeout}) rather than by {@code @Timeout},
 * whose timer thread is woken by every call (see application.properties). A decision carries the
 * client's Idempotency-Key: enrichment-service stores each answer and gives a retry the stored one, so the
 * gateway keeps no state of its own. The decision is not retried here: the client retries with its key,
 * and a retry inside the budget would only add load to a struggling upstream. The reads are idempotent and
 * get one quick retry with jitter when an attempt failed fast (no answer, or 5xx); a timeout, a 4xx or an
 * unreadable answer is not retried (values under
 * {@code "io.vigil.gateway.client.EnrichmentClient/<method>".retry}). The circuit counts the upstream's
 * faults only: its 4xx answers (such as 409 for a key reused with another body) and our own load shedding
 * are not.
 */
@ApplicationScoped
@Bulkhead
@CircuitBreaker(skipOn = {UpstreamClientException.class, BulkheadException.class})
public class EnrichmentClient {

    static final String UPSTREAM = "enrichment-service";

    private final EnrichmentApi api;

    EnrichmentClient(@RestClient EnrichmentApi api) {
        this.api = api;
    }

    public Uni<Decided> decide(Caller caller, String idempotencyKey, Transaction transaction) {
        Uni<Decided> call = api.decide(caller.tenant(), caller.subjectHeader(), caller.correlationId(), idempotencyKey,
                transaction).map(response -> DecisionReader.read(UPSTREAM, response));
        return guard(call, EnrichmentClient::complete);
    }

    @Retry(maxRetries = 1, delay = 100, jitter = 50,
            retryOn = {UpstreamUnavailableException.class, UpstreamException.class},
            abortOn = UpstreamClientException.class)
    public Uni<DecisionResponse> transaction(Caller caller, String transactionId) {
        return guard(api.transaction(caller.tenant(), caller.subjectHeader(), caller.correlationId(), transactionId),
                EnrichmentClient::complete);
    }

    @Retry(maxRetries = 1, delay = 100, jitter = 50,
            retryOn = {UpstreamUnavailableException.class, UpstreamException.class},
            abortOn = UpstreamClientException.class)
    public Uni<Features> features(Caller caller, String walletId) {
        // Every feature has a value (numbers and flags): any parsed vector is complete.
        return guard(api.features(caller.tenant(), caller.subjectHeader(), caller.correlationId(), walletId),
                features -> true);
    }

    /** enrichment-service stores the decision before it answers: without id or outcome it is no answer. */
    private static boolean complete(DecisionResponse decision) {
        return decision.transactionId() != null && decision.decision() != null;
    }

    private static boolean complete(Decided decided) {
        return decided.transactionId() != null && decided.decision() != null;
    }

    private static <T> Uni<T> guard(Uni<T> call, Predicate<T> complete) {
        return UpstreamCalls.guard(UPSTREAM, call, complete);
    }
}
