package io.vigil.benchmarks;

import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.Transaction;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.RuleScorer;
import io.vigil.features.Thresholds;
import io.vigil.features.WalletHistory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Feature computation over a wallet's 30-day history, and the rules scorer on its result. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FeatureBenchmark {

    @Param({"20", "200"})
    int historySize;

    Transaction tx;
    WalletHistory history;
    EnrichedTransaction enriched;

    @Setup
    public void setUp() {
        tx = Samples.transaction();
        history = Samples.history(historySize);
        enriched = new EnrichedTransaction(tx, FeatureCalculator.compute(tx, tx.amount().doubleValue(), history));
    }

    @Benchmark
    public Features computeFeatures() {
        return FeatureCalculator.compute(tx, tx.amount().doubleValue(), history);
    }

    @Benchmark
    public ScoreResult scoreWithRules() {
        return RuleScorer.score(enriched, Thresholds.DEFAULT);
    }
}
