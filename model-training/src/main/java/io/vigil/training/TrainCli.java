package io.vigil.training;

import io.vigil.training.model.ArtifactCodec;
import io.vigil.training.model.ModelArtifact;
import io.vigil.training.eval.PrCurvePlot;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Regenerates the data, trains, evaluates and writes the model artifact, the report and the PR-curve plot:
 * {@code TrainCli --wallets 20000 --days 60 --seed 7 --models-dir ml-engine/src/main/resources/models
 * --report docs/model-report.md [--plot docs/model-pr-curves.png] [--trained-at 2026-11-23T18:00:00Z]}.
 *
 * <p>Older {@code vigil-fraud-*.json} artifacts in the models directory are removed so that it holds exactly the
 * model just trained.
 */
public final class TrainCli {

    private TrainCli() {}

    public static void main(String[] args) throws Exception {
        // The plot is drawn off-screen; never reach for a display.
        System.setProperty("java.awt.headless", "true");
        CliArgs cli;
        Instant trainedAt;
        try {
            cli = new CliArgs(args, Set.of("wallets", "days", "seed", "models-dir", "report", "plot", "trained-at"));
            cli.required("models-dir");
            cli.required("report");
            String at = cli.string("trained-at", null);
            trainedAt = at == null ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(at);
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: TrainCli [--wallets 20000] [--days 60] [--seed 7] --models-dir <dir> "
                    + "--report <file.md> [--plot <file.png>] [--trained-at <ISO-8601 instant>]");
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        TrainingPipeline.Options options = new TrainingPipeline.Options(cli.integer("wallets", 20_000),
                cli.integer("days", 60), cli.longValue("seed", 7), trainedAt);
        TrainingPipeline.Run run = TrainingPipeline.run(options);

        Path modelsDir = Path.of(cli.required("models-dir"));
        Path report = Path.of(cli.required("report"));
        Path plot = Path.of(cli.string("plot", siblingPlot(report).toString()));
        Path artifactFile = ArtifactCodec.write(run.artifact(), modelsDir);
        removeOtherArtifacts(modelsDir, artifactFile);
        ModelArtifact sealed = ArtifactCodec.read(artifactFile);
        PrCurvePlot.write(plot, "Precision-recall on test days " + run.split().trainEnd() + "–" + (run.split().days() - 1),
                List.of(new PrCurvePlot.Series(String.format(Locale.ROOT, "model %s (PR-AUC %.3f)", sealed.version(),
                                run.model().prAuc()), run.model().curve()),
                        new PrCurvePlot.Series(String.format(Locale.ROOT, "rules baseline (PR-AUC %.3f)",
                                run.rules().prAuc()), run.rules().curve())),
                run.testFraudRate());
        ModelReport.write(run, sealed, report, plot);

        System.out.printf(Locale.ROOT, "data: %d transactions, %d fraud (%.2f %%); train %d rows, test %d rows%n",
                run.data().rows(), run.data().fraudRows(), 100 * run.data().fraudRate(), run.trainRows(), run.testRows());
        System.out.printf(Locale.ROOT, "model: PR-AUC %.4f  ROC-AUC %.4f  recall@1%%FPR %.4f  thresholds review %.4f "
                + "decline %.4f%n", run.model().prAuc(), run.model().rocAuc(), run.model().recallAt1pctFpr(),
                run.model().reviewThreshold(), run.model().declineThreshold());
        System.out.printf(Locale.ROOT, "rules: PR-AUC %.4f  ROC-AUC %.4f  recall@1%%FPR %.4f%n", run.rules().prAuc(),
                run.rules().rocAuc(), run.rules().recallAt1pctFpr());
        System.out.printf(Locale.ROOT, "wrote %s, %s, %s; stages %s ms; total %.1f s%n", artifactFile, report, plot,
                run.timingsMillis(), (System.nanoTime() - start) / 1e9);
    }

    private static Path siblingPlot(Path report) {
        Path parent = report.toAbsolutePath().getParent();
        return parent == null ? Path.of("model-pr-curves.png") : parent.resolve("model-pr-curves.png");
    }

    private static void removeOtherArtifacts(Path dir, Path keep) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ModelArtifact.NAME + "-*.json")) {
            for (Path f : files) {
                if (!f.getFileName().equals(keep.getFileName())) {
                    Files.delete(f);
                    System.out.println("removed older artifact " + f);
                }
            }
        }
    }
}
