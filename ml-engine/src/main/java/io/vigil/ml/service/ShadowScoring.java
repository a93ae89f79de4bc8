package io.vigil.ml.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.ScoreResult;
import io.vigil.ml.model.LoadedModel;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Scores each request with the challenger too and records how it compares with the champion. It runs
 * inline because a score costs microseconds; whatever happens here never reaches the caller's answer.
 * Without a ready challenger it does nothing and registers no meters.
 */
@ApplicationScoped
public class ShadowScoring {

    private static final Logger LOG = Logger.getLogger(ShadowScoring.class);

    private final LoadedModel challenger;
    private final Counter agree;
    private final Counter disagree;
    private final Counter failures;
    private final DistributionSummary difference;

    public ShadowScoring(ModelRegistry registry, MeterRegistry meters) {
        this.challenger = registry.challenger().filter(LoadedModel::isReady).orElse(null);
        if (challenger == null) {
            this.agree = null;
            this.disagree = null;
            this.failures = null;
            this.difference = null;
            return;
        }
        String version = challenger.scorer().version();
        this.agree = agreement(meters, version, true);
        this.disagree = agreement(meters, version, false);
        this.failures = Counter.builder("vigil.ml.shadow.failures")
                .description("Challenger scorings that failed (the champion's answer was unaffected)")
                .tag("challenger_version", version)
                .register(meters);
        this.difference = DistributionSummary.builder("vigil.ml.shadow.score.difference")
                .description("Absolute difference between challenger and champion scores")
                .tag("challenger_version", version)
                .serviceLevelObjectives(0.01, 0.05, 0.1, 0.2, 0.3, 0.5)
                .register(meters);
    }

    private static Counter agreement(MeterRegistry meters, String version, boolean agrees) {
        return Counter.builder("vigil.ml.shadow.agreement")
                .description("Shadow scorings by whether the challenger reached the champion's decision")
                .tag("agree", Boolean.toString(agrees))
                .tag("challenger_version", version)
                .register(meters);
    }

    public void compare(EnrichedTransaction transaction, ScoreResult champion) {
        if (challenger == null) {
            return;
        }
        try {
            double score = challenger.scorer().probability(transaction);
            Decision decision = challenger.thresholds().decide(score);
            (decision == champion.decision() ? agree : disagree).increment();
            difference.record(Math.abs(score - champion.score()));
        } catch (RuntimeException e) {
            failures.increment();
            LOG.debugf(e, "challenger %s failed to score", challenger.scorer().version());
        }
    }
}
