package io.vigil.ml.service;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.ScoreResult;
import io.vigil.features.Thresholds;
import io.vigil.ml.Fixtures;
import io.vigil.ml.config.ModelConfig;
import io.vigil.ml.health.ModelReadinessCheck;
import io.vigil.ml.model.LoadedModel;
import io.vigil.ml.model.Scorer;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.Mockito;

class ModelRegistryTest {

    record Model(String directory, Optional<String> champion, Optional<String> path, Optional<String> challenger)
            implements ModelConfig.Model {}

    record Scoring(Optional<Double> reviewThreshold, Optional<Double> declineThreshold, int maxFeatureReasons)
            implements ModelConfig.Scoring {}

    record Config(ModelConfig.Model model, ModelConfig.Scoring scoring) implements ModelConfig {
        @Override
        public Bench bench() {
            return () -> false;
        }
    }

    static ModelConfig handMade(Optional<Double> review, Optional<Double> decline) {
        return new Config(new Model("test-models", Optional.of(Fixtures.CHAMPION), Optional.empty(),
                Optional.of(Fixtures.CHALLENGER)), new Scoring(review, decline, 3));
    }

    static ModelConfig championAt(String path) {
        return new Config(new Model("test-models", Optional.empty(), Optional.of(path), Optional.empty()),
                new Scoring(Optional.empty(), Optional.empty(), 3));
    }

    @ParameterizedTest
    @CsvSource({
        "checksum-mismatch.json, checksum mismatch",
        "wrong-features.json, differs from the served features",
        "truncated.json, is not valid JSON",
        "missing.json, not found"
    })
    void corruptChampionMakesTheServiceNotReadyAndRefuseToScore(String file, String problem) {
        String path = "src/test/resources/broken/" + file;
        ModelRegistry registry = new ModelRegistry(championAt(path), new SimpleMeterRegistry());
        ScoringService scoring = scoring(registry, new SimpleMeterRegistry());

        HealthCheckResponse health = new ModelReadinessCheck(registry).call();

        assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
        assertThat(health.getData().orElseThrow().get("error").toString(),
                allOf(containsString("path:" + path), containsString(problem)));
        ModelUnavailableException refused = assertThrows(ModelUnavailableException.class,
                () -> scoring.score(Fixtures.habitual()));
        assertThat(refused.getMessage(), containsString(problem));
    }

    @Test
    void configuredThresholdsOverrideTheArtifactsForChampionAndChallenger() {
        ModelRegistry registry = new ModelRegistry(handMade(Optional.of(0.001), Optional.empty()), new SimpleMeterRegistry());

        assertEquals(new Thresholds(0.001, 0.85), registry.champion().thresholds());
        assertEquals(new Thresholds(0.001, 0.9), registry.challenger().orElseThrow().thresholds());
        assertEquals(Decision.REVIEW, scoring(registry, new SimpleMeterRegistry()).score(Fixtures.habitual()).decision());
    }

    @Test
    void thresholdsThatContradictTheArtifactsAreALoadError() {
        ModelRegistry registry = new ModelRegistry(handMade(Optional.of(0.95), Optional.empty()), new SimpleMeterRegistry());

        assertFalse(registry.champion().isReady());
        assertThat(registry.champion().error(), containsString("0.95 / 0.85"));
    }

    @Test
    void modelInfoGaugeNamesRoleAndVersion() {
        MeterRegistry meters = new SimpleMeterRegistry();
        new ModelRegistry(handMade(Optional.empty(), Optional.empty()), meters);

        assertEquals(1.0, meters.get("vigil.ml.model.info").tag("role", "champion").tag("version", "lr-test-2")
                .gauge().value());
        assertEquals(1.0, meters.get("vigil.ml.model.info").tag("role", "challenger").tag("version", "lr-test-1")
                .gauge().value());
    }

    @Test
    void failingChallengerNeverFailsTheRequest() {
        ModelRegistry real = new ModelRegistry(handMade(Optional.empty(), Optional.empty()), new SimpleMeterRegistry());
        Scorer broken = new Scorer() {
            @Override
            public String version() {
                return "broken-1";
            }

            @Override
            public ScoreResult score(EnrichedTransaction transaction) {
                throw new IllegalStateException("boom");
            }

            @Override
            public double probability(EnrichedTransaction transaction) {
                throw new IllegalStateException("boom");
            }
        };
        ModelRegistry registry = Mockito.mock(ModelRegistry.class);
        Mockito.when(registry.champion()).thenReturn(real.champion());
        Mockito.when(registry.challenger()).thenReturn(Optional.of(
                LoadedModel.ready(LoadedModel.Role.CHALLENGER, "test", null, broken, Thresholds.DEFAULT)));
        MeterRegistry meters = new SimpleMeterRegistry();

        ScoreResult result = scoring(registry, meters).score(Fixtures.takeover());

        assertEquals("lr-test-2", result.modelVersion());
        assertEquals(Decision.DECLINE, result.decision());
        assertEquals(1.0, meters.get("vigil.ml.shadow.failures").counter().count());
        assertTrue(meters.find("vigil.ml.shadow.agreement").counters().stream().allMatch(c -> c.count() == 0));
    }

    @Test
    void withoutChallengerNoShadowMetersExist() {
        MeterRegistry meters = new SimpleMeterRegistry();
        ModelRegistry registry = new ModelRegistry(championAt("src/test/resources/test-models/" + Fixtures.CHAMPION),
                meters);

        scoring(registry, meters).score(Fixtures.takeover());

        assertTrue(meters.find("vigil.ml.shadow.agreement").counters().isEmpty());
        assertEquals(1.0, meters.get("vigil.ml.scores").tag("decision", "DECLINE").counter().count());
    }

    private static ScoringService scoring(ModelRegistry registry, MeterRegistry meters) {
        return new ScoringService(registry, new ShadowScoring(registry, meters), meters);
    }
}
