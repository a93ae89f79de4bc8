package io.vigil.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDatasetTest {

    @Test
    void csvKeepsEveryFieldLabelAndScenario(@TempDir Path dir) throws Exception {
        List<LabelledTransaction> rows = new DatasetGenerator(new GeneratorConfig(200, 10, 3)).generate();
        Path file = dir.resolve("data.csv");
        CsvDataset.write(rows, file);

        assertTrue(Files.readAllLines(file).get(0).endsWith(",label,scenario"));
        assertEquals(rows, CsvDataset.read(file));
    }
}
