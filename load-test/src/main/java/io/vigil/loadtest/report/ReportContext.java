package io.vigil.loadtest.report;

import java.time.Instant;
import java.util.List;

/**
 * What a report says about how the figures were obtained.
 *
 * @param command the command line, to reproduce the run
 * @param setup sentences on the traffic mix, clients and rate-limit assumptions
 * @param sloP99Micros the synchronous p99 a rate must keep to count as sustained
 * @param plotFile file name of the saturation plot next to the report, or null when none was drawn
 */
public record ReportContext(Instant at, String command, int cores, String runtime, List<String> setup,
        long sloP99Micros, String plotFile) {}
