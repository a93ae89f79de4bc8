package io.vigil.loadtest.report;

import static io.vigil.loadtest.report.Steps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaturationPlotTest {

    @TempDir
    Path dir;

    @Test
    void aCurveIsDrawnAsAPng() throws IOException {
        Path png = dir.resolve("docs/benchmarks-saturation.png");
        SaturationPlot.write(png, List.of(
                step("platform", 250, 8_000, Map.of(), true),
                step("hops", 250, 2_000, Map.of(), false),
                step("platform", 1000, 450_000, Map.of(), true),
                step("hops", 1000, 3_000, Map.of(), false)), 300);

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(SaturationPlot.WIDTH, image.getWidth());
        assertEquals(SaturationPlot.HEIGHT, image.getHeight());
        long coloured = 0;
        for (int x = 0; x < image.getWidth(); x += 2) {
            for (int y = 0; y < image.getHeight(); y += 2) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0x1f77b4) {
                    coloured++;
                }
            }
        }
        assertNotEquals(0, coloured, "the platform series is drawn");
    }

    @Test
    void axisStepsAreRoundNumbers() {
        assertEquals(500, SaturationPlot.niceStep(420));
        assertEquals(1000, SaturationPlot.niceStep(700));
        assertEquals(200, SaturationPlot.niceStep(150));
    }
}
