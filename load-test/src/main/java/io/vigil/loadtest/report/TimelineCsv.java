package io.vigil.loadtest.report;

import io.vigil.loadtest.metrics.Timeline;
import io.vigil.loadtest.service.OpenLoopRunner;
import io.vigil.loadtest.service.StepResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Every step second by second, as CSV beside the report: the whole-run percentiles say how long the tail is,
 * this says when it happened, to plot or to set beside the services' logs and metrics.
 */
public final class TimelineCsv {

    static final String HEADER = "target,offered_tx_s,second,at_utc,answered,failed,over_"
            + OpenLoopRunner.SLOW_MICROS / 1000 + "_ms,max_ms";

    private TimelineCsv() {}

    public static String render(List<StepResult> steps) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (StepResult step : steps) {
            for (Timeline.Second s : step.run().timeline()) {
                b.append(String.format(Locale.ROOT, "%s,%.0f,%d,%s,%d,%d,%d,%.1f%n", step.run().target(),
                        step.run().offeredRate(), s.second(), s.at().truncatedTo(ChronoUnit.MILLIS), s.ok(),
                        s.errors(), s.slow(), s.maxMicros() / 1000.0));
            }
        }
        return b.toString();
    }

    public static void write(Path file, List<StepResult> steps) throws IOException {
        Files.writeString(file, render(steps));
    }
}
