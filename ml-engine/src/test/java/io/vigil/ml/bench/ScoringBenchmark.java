package io.vigil.ml.bench;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.ScoreResult;
import io.vigil.features.Thresholds;
import io.vigil.ml.Fixtures;
import io.vigil.ml.model.ArtifactReader;
import io.vigil.ml.model.ArtifactRef;
import io.vigil.ml.model.LogisticModel;
import io.vigil.ml.model.ModelArtifact;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Cost of scoring one transaction in process (no HTTP): the full answer with reasons and fired rules,
 * and the bare probability the shadow path computes. Scores with the newest artifact bundled in
 * src/main/resources/models, or the hand-made test artifact when none is bundled.
 *
 * <p>Run: {@code ./mvnw -f ml-engine/pom.xml -Pbench test-compile exec:exec}
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class ScoringBenchmark {

    private LogisticModel model;
    private EnrichedTransaction takeover;
    private EnrichedTransaction habitual;

    @Setup
    public void load() throws Exception {
        ClassLoader loader = ScoringBenchmark.class.getClassLoader();
        ArtifactRef ref = ArtifactRef.newestIn(loader, "models")
                .orElse(ArtifactRef.classpath("test-models", Fixtures.CHAMPION));
        ModelArtifact artifact = ArtifactReader.read(ref.read(loader), ref.description());
        model = new LogisticModel(artifact,
                new Thresholds(artifact.thresholds().review(), artifact.thresholds().decline()), 3);
        takeover = Fixtures.takeover();
        habitual = Fixtures.habitual();
        System.out.println("benchmarking " + ref.description() + " (" + artifact.terms().size() + " terms)");
    }

    @Benchmark
    public ScoreResult declinedWithReasonsAndRules() {
        return model.score(takeover);
    }

    @Benchmark
    public ScoreResult approvedWithReasons() {
        return model.score(habitual);
    }

    @Benchmark
    public double shadowProbability() {
        return model.probability(takeover);
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(ScoringBenchmark.class.getName()).build()).run();
    }
}
