package io.vigil.training;

import io.vigil.contracts.Features;
import io.vigil.training.data.DatasetGenerator;
import io.vigil.training.data.GeneratorConfig;
import io.vigil.training.data.LabelledTransaction;
import io.vigil.training.data.Scenario;
import io.vigil.training.eval.BinaryMetrics;
import io.vigil.training.eval.ScorerEvaluation;
import io.vigil.training.model.FraudTerms;
import io.vigil.training.model.LinearScorer;
import io.vigil.training.model.ModelArtifact;
import io.vigil.training.model.Term;
import io.vigil.training.model.TermEvaluator;
import io.vigil.training.replay.FeatureReplay;
import io.vigil.training.train.LogisticRegressionTrainer;
import io.vigil.training.train.Standardisation;
import io.vigil.training.train.TermMatrix;
import io.vigil.features.Thresholds;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Generate, replay, split by time, train, pick thresholds, evaluate against the rules baseline and build the
 * artifact. Deterministic for given options: every random draw comes from the seed and training is
 * single-threaded (liblinear).
 *
 * <p>Split: the first {@link Split#warmupDays} days only build wallet histories (every history starts empty on
 * day 0, so early features would describe a cold start no production wallet has); the model trains on the days
 * up to {@link Split#trainEnd} (three quarters of the stream) and is tested on the days after.
 */
public final class TrainingPipeline {

    /** Review threshold: the score that flags about this share of training transactions. */
    static final double REVIEW_ALERT_RATE = 0.03;
    /** Decline threshold: the lowest score at which training precision reaches this. */
    static final double DECLINE_PRECISION = 0.8;

    public record Options(int wallets, int days, long seed, Instant trainedAt, double cost) {
        public Options(int wallets, int days, long seed, Instant trainedAt) {
            this(wallets, days, seed, trainedAt, LogisticRegressionTrainer.DEFAULT_COST);
        }
    }

    public record Split(int warmupDays, int trainEnd, int days) {
        static Split of(int days) {
            int warmup = days >= 30 ? 7 : Math.max(1, days / 5);
            return new Split(warmup, Math.max(warmup + 1, days * 3 / 4), days);
        }
    }

    /** Counts of the generated data. */
    public record DataStats(long rows, long fraudRows, Map<Scenario, Long> byScenario) {
        public double fraudRate() {
            return rows == 0 ? 0 : (double) fraudRows / rows;
        }
    }

    /** Everything a run produced. */
    public record Run(Options options, Split split, DataStats data, ModelArtifact artifact, ScorerEvaluation model,
            ScorerEvaluation rules, int trainRows, int testRows, int trainingExamples, Map<String, Long> timingsMillis) {

        /** Share of fraudulent transactions among the test rows: the precision of a random scorer. */
        public double testFraudRate() {
            BinaryMetrics.Confusion c = model.atReview();
            return testRows == 0 ? 0 : (double) (c.tp() + c.fn()) / testRows;
        }
    }

    private TrainingPipeline() {}

    public static Run run(Options options) {
        Map<String, Long> timings = new LinkedHashMap<>();
        long t0 = System.nanoTime();
        GeneratorConfig config = new GeneratorConfig(options.wallets(), options.days(), options.seed());
        List<LabelledTransaction> rows = new DatasetGenerator(config).generate();
        DataStats stats = stats(rows);
        long t1 = System.nanoTime();
        timings.put("generate", (t1 - t0) / 1_000_000);

        TermEvaluator evaluator = new TermEvaluator(FraudTerms.terms());
        TermMatrix matrix = replay(rows, evaluator, config);
        rows = null; // the replayed matrix is all that is needed from here; let the transactions go
        long t2 = System.nanoTime();
        timings.put("replay", (t2 - t1) / 1_000_000);

        Split split = Split.of(options.days());
        int[] train = IntStream.range(0, matrix.rows())
                .filter(r -> matrix.day(r) >= split.warmupDays() && matrix.day(r) < split.trainEnd()).toArray();
        int[] test = IntStream.range(0, matrix.rows()).filter(r -> matrix.day(r) >= split.trainEnd()).toArray();
        Standardisation std = Standardisation.fit(matrix, train);
        List<String> termNames = evaluator.terms().stream().map(Term::name).toList();
        LogisticRegressionTrainer.Result trained = new LogisticRegressionTrainer(options.cost(),
                options.seed()).train(matrix, train, std, termNames);
        LinearScorer scorer = new LinearScorer(evaluator, std.mean(), std.scale(), trained.weights().weights(),
                trained.weights().bias());
        long t3 = System.nanoTime();
        timings.put("train", (t3 - t2) / 1_000_000);

        BinaryMetrics trainMetrics = new BinaryMetrics(score(scorer, matrix, train), labels(matrix, train));
        double review = round4(trainMetrics.thresholdForAlertRate(REVIEW_ALERT_RATE));
        double declineAtPrecision = trainMetrics.lowestThresholdWithPrecision(DECLINE_PRECISION);
        double decline = Double.isNaN(declineAtPrecision) ? review : Math.max(review, round4(declineAtPrecision));

        boolean[] testLabels = labels(matrix, test);
        Scenario[] testScenarios = Arrays.stream(test).mapToObj(matrix::scenario).toArray(Scenario[]::new);
        ScorerEvaluation model = ScorerEvaluation.of("model", score(scorer, matrix, test), testLabels, testScenarios,
                review, decline);
        ScorerEvaluation rulesEval = ScorerEvaluation.of("rules", Arrays.stream(test).mapToDouble(matrix::rulesScore)
                .toArray(), testLabels, testScenarios, Thresholds.DEFAULT.review(), Thresholds.DEFAULT.decline());
        timings.put("evaluate", (System.nanoTime() - t3) / 1_000_000);

        ModelArtifact artifact = new ModelArtifact(
                ModelArtifact.FORMAT,
                ModelArtifact.NAME,
                version(options),
                ModelArtifact.ALGORITHM,
                Features.NAMES,
                evaluator.terms(),
                boxed(std.mean()),
                boxed(std.scale()),
                boxed(trained.weights().weights()),
                trained.weights().bias(),
                FraudTerms.reasonCodes(),
                new ModelArtifact.Thresholds(review, decline),
                new ModelArtifact.Metrics(round4(model.prAuc()), round4(model.rocAuc()), round4(model.recallAt1pctFpr()),
                        round4(rulesEval.prAuc()), round4(rulesEval.recallAt1pctFpr())),
                new ModelArtifact.Training(options.seed(), options.wallets(), options.days(), options.trainedAt(),
                        LogisticRegressionTrainer.LIBRARY, train.length, test.length),
                null);
        return new Run(options, split, stats, artifact, model, rulesEval, train.length, test.length,
                trained.examples(), timings);
    }

    static TermMatrix replay(List<LabelledTransaction> rows, TermEvaluator evaluator, GeneratorConfig config) {
        TermMatrix matrix = new TermMatrix(evaluator.size(), rows.size());
        long start = config.start().getEpochSecond();
        FeatureReplay.replay(rows, (index, row, features, rules) -> {
            int day = (int) ((row.transaction().occurredAt().getEpochSecond() - start) / 86_400);
            int offset = matrix.add(row.fraud(), row.scenario(), day, rules.score());
            evaluator.evaluate(row.transaction(), features, matrix.values(), offset);
        });
        return matrix;
    }

    static DataStats stats(List<LabelledTransaction> rows) {
        Map<Scenario, Long> byScenario = new EnumMap<>(Scenario.class);
        long fraud = 0;
        for (LabelledTransaction row : rows) {
            byScenario.merge(row.scenario(), 1L, Long::sum);
            if (row.fraud()) {
                fraud++;
            }
        }
        return new DataStats(rows.size(), fraud, byScenario);
    }

    /** e.g. {@code lr-20261123-s7}: the training date and the data seed. */
    static String version(Options options) {
        return "lr-" + DateTimeFormatter.BASIC_ISO_DATE.withZone(ZoneOffset.UTC).format(options.trainedAt())
                .replace("Z", "") + "-s" + options.seed();
    }

    private static double[] score(LinearScorer scorer, TermMatrix matrix, int[] rows) {
        double[] scores = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            scores[i] = scorer.scoreTerms(matrix.values(), rows[i] * matrix.width());
        }
        return scores;
    }

    private static boolean[] labels(TermMatrix matrix, int[] rows) {
        boolean[] labels = new boolean[rows.length];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = matrix.label(rows[i]);
        }
        return labels;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    static double round4(double v) {
        return Math.round(v * 10_000.0) / 10_000.0;
    }
}
