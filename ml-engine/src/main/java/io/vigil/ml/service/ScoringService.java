package io.vigil.ml.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.ScoreResult;
import io.vigil.ml.model.LoadedModel;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Scores with the champion, records what it decided, then lets the challenger score in shadow. */
@ApplicationScoped
public class ScoringService {

    static final double[] SCORE_BUCKETS = {0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99};

    private final LoadedModel champion;
    private final ShadowScoring shadow;
    private final Timer latency;
    private final DistributionSummary scores;
    private final Map<Decision, Counter> decisions = new EnumMap<>(Decision.class);

    public ScoringService(ModelRegistry registry, ShadowScoring shadow, MeterRegistry meters) {
        this.champion = registry.champion();
        this.shadow = shadow;
        // Meters are built once: the served version is fixed for the life of the instance.
        String version = champion.isReady() ? champion.scorer().version() : "none";
        this.latency = Timer.builder("vigil.ml.scoring")
                .description("Time to score one transaction with the champion, reasons included")
                .tag("model_version", version)
                .publishPercentileHistogram()
                .register(meters);
        this.scores = DistributionSummary.builder("vigil.ml.score")
                .description("Champion scores")
                .tag("model_version", version)
                .serviceLevelObjectives(SCORE_BUCKETS)
                .register(meters);
        for (Decision decision : Decision.values()) {
            decisions.put(decision, Counter.builder("vigil.ml.scores")
                    .description("Transactions scored, by decision and model version")
                    .tag("decision", decision.name())
                    .tag("model_version", version)
                    .register(meters));
        }
    }

    public ScoreResult score(EnrichedTransaction transaction) {
        if (!champion.isReady()) {
            throw new ModelUnavailableException(champion.error());
        }
        long start = System.nanoTime();
        ScoreResult result = champion.scorer().score(transaction);
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        decisions.get(result.decision()).increment();
        scores.record(result.score());
        shadow.compare(transaction, result);
        return result;
    }
}
