package io.vigil.enrichment.client;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.RetryWhen;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.enrichment.model.Scoring;
import io.vigil.enrichment.service.EnrichmentMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Scores through ml-engine within a bounded budget. Each attempt is cut at the REST client's read timeout
 * ({@code quarkus.rest-client.ml-engine.read-timeout}), kept on the event loop's timer: SmallRye Fault
 * Tolerance's {@code @Timeout} woke its timer thread on every call. Only fast, transient failures (I/O
 * errors, 5xx) are retried since scoring is idempotent, while a timeout goes straight to the rules fallback
 * so a slow ml-engine never doubles the latency. The other values are overridable under
 * {@code quarkus.fault-tolerance."io.vigil.enrichment.client.MlEngineClient/score"}.
 */
@ApplicationScoped
public class MlEngineClient {

    private final MlEngineApi api;
    private final EnrichmentMetrics metrics;

    public MlEngineClient(@RestClient MlEngineApi api, EnrichmentMetrics metrics) {
        this.api = api;
        this.metrics = metrics;
    }

    @Retry(maxRetries = 1, delay = 20, jitter = 10)
    @RetryWhen(exception = TransientFailure.class)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000, successThreshold = 2)
    @CircuitBreakerName("ml-engine")
    @Bulkhead(value = 64, waitingTaskQueue = 256)
    @Fallback(RulesFallback.class)
    public Uni<Scoring> score(EnrichedTransaction enriched) {
        return api.score(enriched.transaction().tenant(), enriched)
                // a 200 without a usable answer is a failure, so the rules decide instead
                .onItem().ifNull().failWith(() -> new ProcessingException("ml-engine answered an empty body"))
                .onItem().transform(result -> {
                    if (result.decision() == null || result.modelVersion() == null) {
                        throw new ProcessingException("ml-engine answered without a decision or model version");
                    }
                    return new Scoring(result, false);
                })
                .invoke(() -> metrics.mlCall("success"));
    }

    /** Connection errors and server errors are worth one more try; client errors and timeouts are not. */
    public static final class TransientFailure implements Predicate<Throwable> {
        @Override
        public boolean test(Throwable failure) {
            if (timedOut(failure)) {
                return false;
            }
            if (failure instanceof WebApplicationException wae) {
                return wae.getResponse() != null && wae.getResponse().getStatus() >= 500;
            }
            return failure instanceof ProcessingException || failure instanceof java.io.IOException;
        }
    }

    /** Vert.x fails a request that outlived the read timeout with a {@link TimeoutException}, wrapped by the client. */
    static boolean timedOut(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
