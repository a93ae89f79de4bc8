package io.vigil.training;

import io.vigil.training.data.CsvDataset;
import io.vigil.training.data.DatasetGenerator;
import io.vigil.training.data.GeneratorConfig;
import io.vigil.training.data.LabelledTransaction;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Writes a generated labelled data set as CSV:
 * {@code DatasetCli --wallets 20000 --days 60 --seed 7 --out data.csv}.
 */
public final class DatasetCli {

    private DatasetCli() {}

    public static void main(String[] args) throws Exception {
        CliArgs cli;
        try {
            cli = new CliArgs(args, Set.of("wallets", "days", "seed", "out"));
            cli.required("out");
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("usage: DatasetCli [--wallets 20000] [--days 60] [--seed 7] --out <file.csv>");
            System.exit(2);
            return;
        }
        long start = System.nanoTime();
        GeneratorConfig config = new GeneratorConfig(cli.integer("wallets", 20_000), cli.integer("days", 60),
                cli.longValue("seed", 7));
        List<LabelledTransaction> rows = new DatasetGenerator(config).generate();
        Path out = Path.of(cli.required("out"));
        CsvDataset.write(rows, out);
        TrainingPipeline.DataStats stats = TrainingPipeline.stats(rows);
        System.out.printf("wrote %d transactions (%d fraud, %.2f %%) to %s in %.1f s%n", stats.rows(), stats.fraudRows(),
                100 * stats.fraudRate(), out, (System.nanoTime() - start) / 1e9);
    }
}
