package io.vigil.loadtest.report;

import static io.vigil.loadtest.report.Steps.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.loadtest.service.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownReportTest {

    private static final ReportContext CTX = new ReportContext(Instant.parse("2026-11-23T19:00:00Z"),
            "bin/vigil bench --rate 200", 2, "OpenJDK 25", List.of("Open loop."), 300_000, null);

    @TempDir
    Path dir;

    @Test
    void aRunIsRenderedWithPercentilesInMillisecondsErrorsSagasCpuAndWakeUps() {
        String md = MarkdownReport.render(CTX, List.of(step("platform", 200, 12_340, Map.of("HTTP 429", 4L), true)));

        assertTrue(md.startsWith(MarkdownReport.BEGIN));
        assertTrue(md.strip().endsWith(MarkdownReport.END));
        assertTrue(md.contains("| platform | 200 | 199.6 | 1996 | 4 | 4.00 | 6.00 | 12.34 | 24.68 | 37.02 | 9.00 | 1991 / 3 / 2 |"),
                md);
        assertTrue(md.contains("| 200 | 1993 | 25.00 | 40.00 | 80.00 | 120.00 | 150.00 | 3 | 0 | 0 |"), md);
        assertTrue(md.contains("| platform | 200 | HTTP 429 | 4 |"), md);
        assertTrue(md.contains("| platform | 200 | 3 | 05:50:03 | 90 | 4 | 1 | 80.0 |"), md);
        assertTrue(md.contains("| gateway | 4.00 |"), md);
        assertTrue(md.contains("| **platform cores busy** | 0.60 |"), md);
        assertTrue(md.contains("| **tx per platform CPU-second** | 333 |"), md);
        // Parts of the rows above, not added to the platform's total.
        assertTrue(md.contains("| *of which* JIT compilers | 0.50 |"), md);
        assertTrue(md.contains("| *of which* postgresql: vigil_gateway | 1.50 |"), md);
        // Wake-ups per successful transaction, the generator's own not in the platform's.
        assertTrue(md.contains("| gateway | 4.0 |"), md);
        assertTrue(md.contains("| postgresql | 6.0 |"), md);
        assertTrue(md.contains("| **platform** | 10.0 |"), md);
        // What else took the cores: 9 s busy in all less the groups' 7 s, and the host's steal, over 10 s.
        assertTrue(md.contains("| machine: cores used by other processes | 0.20 |"), md);
        assertTrue(md.contains("| machine: cores stolen by the host | 0.04 |"), md);
        assertFalse(md.contains("### Saturation"), "a single run has no curve");
    }

    @Test
    void aCurveWithBothTargetsReportsTheHighestSustainedRatesAndTheirRatio() {
        List<StepResult> steps = List.of(
                step("platform", 500, 20_000, Map.of(), true),
                step("hops", 500, 5_000, Map.of(), false),
                step("platform", 1000, 900_000, Map.of(), true),
                step("hops", 1000, 6_000, Map.of(), false));
        String md = MarkdownReport.render(new ReportContext(CTX.at(), CTX.command(), 2, "x", List.of(), 300_000,
                "benchmarks-saturation.png"), steps);

        // the hop chain held the highest rate offered: its ceiling may lie higher, so the ratio is a bound
        assertTrue(md.contains("Highest sustained rate: platform 500 tx/s, hop chain ≥ 1000 tx/s"
                + " (platform/ceiling ≤ 0.50). Within the performance target's p99 of 50 ms: platform 500 tx/s,"
                + " hop chain ≥ 1000 tx/s (platform/ceiling ≤ 0.50)."), md);
        assertTrue(md.contains("| 500 | 500.0 | 500.0 | 1.00 | 20.00 | 5.00 | 4.00 |"), md);
        assertTrue(md.contains("![Latency percentiles vs offered load](benchmarks-saturation.png)"), md);
        assertTrue(md.contains("No arrival failed or took over 50 ms."), md);
    }

    @Test
    void theTargetP99IsJudgedApartFromTheReportsSlo() {
        List<StepResult> steps = List.of(
                step("platform", 100, 40_000, Map.of(), true),
                step("hops", 100, 2_000, Map.of(), false),
                step("platform", 200, 120_000, Map.of(), true),
                step("hops", 200, 3_000, Map.of(), false));
        String md = MarkdownReport.render(new ReportContext(CTX.at(), CTX.command(), 2, "x", List.of(), 300_000, null),
                steps);

        assertTrue(md.contains("Highest sustained rate: platform ≥ 200 tx/s, hop chain ≥ 200 tx/s (platform/ceiling"
                + " not bounded: both held the highest rate offered). Within the performance target's p99 of 50 ms:"
                + " platform 100 tx/s, hop chain ≥ 200 tx/s (platform/ceiling ≤ 0.50)."), md);
    }

    @Test
    void aHopChainThatFailedItsTopRateGivesTheRatioItself() {
        List<StepResult> steps = List.of(
                step("platform", 500, 20_000, Map.of(), true),
                step("hops", 500, 5_000, Map.of(), false),
                step("platform", 1000, 900_000, Map.of(), true),
                step("hops", 1000, 6_000, Map.of(), false),
                step("platform", 2000, 900_000, Map.of(), true),
                step("hops", 2000, 900_000, Map.of(), false));
        String md = MarkdownReport.render(new ReportContext(CTX.at(), CTX.command(), 2, "x", List.of(), 300_000, null),
                steps);

        assertTrue(md.contains("Highest sustained rate: platform 500 tx/s, hop chain 1000 tx/s"
                + " (platform/ceiling 0.50)."), md);
    }

    @Test
    void aStepWithNothingRecordedShowsDashes() {
        assertEquals("–", MarkdownReport.ms(0, 0));
        assertEquals("1.50", MarkdownReport.ms(1, 1_500));
    }

    @Test
    void writingReplacesOnlyTheLoadTestSectionOfAnExistingReport() throws IOException {
        Path file = dir.resolve("benchmarks.md");
        Files.writeString(file, "# Benchmarks\n\n## JMH\nfigures\n\n" + MarkdownReport.BEGIN + "\nold\n"
                + MarkdownReport.END + "\n\n## Notes\nkept\n");

        MarkdownReport.write(file, MarkdownReport.BEGIN + "\nnew\n" + MarkdownReport.END + "\n");

        String text = Files.readString(file);
        assertTrue(text.startsWith("# Benchmarks\n\n## JMH\nfigures\n\n" + MarkdownReport.BEGIN + "\nnew\n"), text);
        assertTrue(text.endsWith(MarkdownReport.END + "\n\n## Notes\nkept\n"), text);
        assertFalse(text.contains("old"));
    }

    @Test
    void writingToAMissingFileCreatesItWithATitle() throws IOException {
        Path file = dir.resolve("new/benchmarks.md");
        MarkdownReport.write(file, MarkdownReport.BEGIN + "\nx\n" + MarkdownReport.END + "\n");

        assertEquals("# Vigil benchmarks\n\n" + MarkdownReport.BEGIN + "\nx\n" + MarkdownReport.END + "\n",
                Files.readString(file));
    }
}
