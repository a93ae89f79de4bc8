package io.vigil.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Features;
import io.vigil.training.data.Scenario;
import io.vigil.training.model.ArtifactCodec;
import io.vigil.training.model.ModelArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingPipelineTest {

    private static final Instant TRAINED_AT = Instant.parse("2026-11-23T18:00:00Z");
    private static TrainingPipeline.Run run;

    @BeforeAll
    static void train() {
        run = TrainingPipeline.run(new TrainingPipeline.Options(1500, 30, 7, TRAINED_AT));
    }

    @Test
    void modelBeatsTheRulesOnPrAucAndRecallAtOnePercentFpr() {
        assertTrue(run.model().prAuc() > run.rules().prAuc() + 0.05,
                "model " + run.model().prAuc() + " vs rules " + run.rules().prAuc());
        assertTrue(run.model().recallAt1pctFpr() > run.rules().recallAt1pctFpr(),
                "model " + run.model().recallAt1pctFpr() + " vs rules " + run.rules().recallAt1pctFpr());
    }

    @Test
    void artifactDescribesTheModelAndItsThresholds() {
        ModelArtifact a = run.artifact();
        assertEquals("vigil-model/1", a.format());
        assertEquals("lr-20261123-s7", a.version());
        assertEquals(Features.NAMES, a.features());
        assertEquals(a.terms().size(), a.weights().size());
        assertEquals(a.terms().size(), a.mean().size());
        assertTrue(a.scale().stream().allMatch(s -> s > 0));
        assertEquals(a.terms().size(), a.reasonCodes().size());
        assertTrue(0 < a.thresholds().review() && a.thresholds().review() <= a.thresholds().decline()
                && a.thresholds().decline() <= 1);
        assertEquals(run.trainRows(), a.training().trainRows());
        assertEquals(run.testRows(), a.training().testRows());
    }

    @Test
    void sameSeedGivesAByteIdenticalArtifact(@TempDir Path dir) throws Exception {
        TrainingPipeline.Options small = new TrainingPipeline.Options(300, 20, 7, TRAINED_AT);
        Path first = ArtifactCodec.write(TrainingPipeline.run(small).artifact(), dir.resolve("a"));
        Path second = ArtifactCodec.write(TrainingPipeline.run(small).artifact(), dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void reportNamesBothScorersAndEveryScenario() {
        ModelArtifact sealed = ArtifactCodec.seal(run.artifact());
        String report = ModelReport.render(run, sealed, "model-pr-curves.png");
        assertTrue(report.contains("| PR-AUC (average precision) |"));
        assertTrue(report.contains("recall at 1 % false-positive rate"));
        assertTrue(report.contains(sealed.checksum()));
        for (Scenario s : Scenario.values()) {
            assertTrue(report.contains("| " + s.label() + " |"), s.label());
        }
    }
}
