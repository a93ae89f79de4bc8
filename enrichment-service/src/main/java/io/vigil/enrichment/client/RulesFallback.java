package io.vigil.enrichment.client;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.enrichment.config.EnrichmentConfig;
import io.vigil.enrichment.model.Scoring;
import io.vigil.enrichment.service.EnrichmentMetrics;
import io.vigil.features.RuleScorer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.faulttolerance.ExecutionContext;
import org.eclipse.microprofile.faulttolerance.FallbackHandler;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/** When ml-engine cannot answer, the deterministic rules decide and the answer is marked degraded. */
@ApplicationScoped
public class RulesFallback implements FallbackHandler<Uni<Scoring>> {

    private static final Logger LOG = Logger.getLogger(RulesFallback.class);

    private final EnrichmentConfig config;
    private final EnrichmentMetrics metrics;

    public RulesFallback(EnrichmentConfig config, EnrichmentMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    @Override
    public Uni<Scoring> handle(ExecutionContext context) {
        String outcome = outcome(context.getFailure());
        metrics.mlCall(outcome);
        metrics.fallback();
        LOG.warnf("ml-engine unavailable (%s: %s), rules decide", outcome, context.getFailure().toString());
        EnrichedTransaction enriched = (EnrichedTransaction) context.getParameters()[0];
        return Uni.createFrom().item(new Scoring(RuleScorer.score(enriched, config.thresholds().toThresholds()), true));
    }

    private static String outcome(Throwable failure) {
        if (MlEngineClient.timedOut(failure)) {
            return "timeout";
        }
        if (failure instanceof CircuitBreakerOpenException) {
            return "circuit_open";
        }
        if (failure instanceof BulkheadException) {
            return "rejected";
        }
        if (failure instanceof WebApplicationException) {
            return "http_error";
        }
        return "io_error";
    }
}
