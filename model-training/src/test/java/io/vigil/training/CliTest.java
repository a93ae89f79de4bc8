package io.vigil.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.training.data.CsvDataset;
import io.vigil.training.data.DatasetGenerator;
import io.vigil.training.data.GeneratorConfig;
import io.vigil.training.model.ArtifactCodec;
import io.vigil.training.model.ModelArtifact;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {

    @Test
    void datasetCliWritesTheGeneratedStreamAsCsv(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("data/stream.csv");
        DatasetCli.main(new String[] {"--wallets", "100", "--days", "5", "--seed", "3", "--out", out.toString()});

        assertEquals(new DatasetGenerator(new GeneratorConfig(100, 5, 3)).generate(), CsvDataset.read(out));
    }

    @Test
    void trainCliWritesOneArtifactTheReportAndThePlot(@TempDir Path dir) throws Exception {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.writeString(models.resolve("vigil-fraud-lr-20200101-s1.json"), "{}");
        Path report = dir.resolve("docs/model-report.md");

        TrainCli.main(new String[] {"--wallets", "300", "--days", "20", "--seed", "7", "--models-dir", models.toString(),
            "--report", report.toString(), "--trained-at", "2026-11-23T18:00:00Z"});

        List<Path> artifacts;
        try (Stream<Path> files = Files.list(models)) {
            artifacts = files.toList();
        }
        assertEquals(List.of(models.resolve("vigil-fraud-lr-20261123-s7.json")), artifacts);
        ModelArtifact artifact = ArtifactCodec.read(artifacts.get(0));
        String markdown = Files.readString(report);
        assertTrue(markdown.contains(artifact.checksum()));
        assertTrue(markdown.contains("](model-pr-curves.png)"));
        BufferedImage plot = ImageIO.read(dir.resolve("docs/model-pr-curves.png").toFile());
        assertNotNull(plot);
        assertFalse(plot.getWidth() < 600);
    }
}
