package io.vigil.loadtest.report;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.CpuAccounting;
import io.vigil.loadtest.metrics.CpuUsage;
import io.vigil.loadtest.metrics.LatencyStats;
import io.vigil.loadtest.metrics.Timeline;
import io.vigil.loadtest.service.RunResult;
import io.vigil.loadtest.service.SagaTracker.SagaStats;
import io.vigil.loadtest.service.StepResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Hand-made step results for report tests. */
final class Steps {

    private Steps() {}

    static StepResult step(String target, double rate, long p99Micros, Map<String, Long> errors, boolean saga) {
        long ok = Math.round(rate * 10) - errors.values().stream().mapToLong(Long::longValue).sum();
        RunResult run = new RunResult(target, rate, Duration.ofSeconds(10), Math.round(rate * 10), ok,
                Map.of(Decision.APPROVE, ok - 5, Decision.REVIEW, 3L, Decision.DECLINE, 2L), errors,
                new LatencyStats(ok, 4_000, 6_000, p99Micros, p99Micros * 2, p99Micros * 3),
                new LatencyStats(ok, 3_900, 5_000, 9_000, 12_000, 15_000), 10.0, timeline(errors));
        SagaStats sagaStats = saga
                ? new SagaStats(new LatencyStats(ok - 3, 25_000, 40_000, 80_000, 120_000, 150_000), 3, 0, 0, 0, 0)
                : SagaStats.NOT_MEASURED;
        CpuUsage cpu = new CpuUsage(Map.of("gateway", 4.0, CpuAccounting.POSTGRESQL, 2.0, CpuAccounting.GENERATOR, 1.0),
                Map.of("gateway", 4 * ok, CpuAccounting.POSTGRESQL, 6 * ok, CpuAccounting.GENERATOR, 3 * ok),
                Map.of(CpuAccounting.JIT_COMPILERS, 0.5, CpuAccounting.DATABASE_PART + "vigil_gateway", 1.5),
                Map.of(CpuAccounting.MACHINE_BUSY, 9.0, CpuAccounting.MACHINE_STOLEN, 0.4), 10.0);
        return new StepResult(run, sagaStats, cpu);
    }

    /** Ten seconds, the errors all in the fourth, with a slow answer beside them. */
    private static List<Timeline.Second> timeline(Map<String, Long> errors) {
        long failed = errors.values().stream().mapToLong(Long::longValue).sum();
        Instant start = Instant.parse("2026-12-06T05:50:00Z");
        List<Timeline.Second> seconds = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            seconds.add(s == 3 && failed > 0
                    ? new Timeline.Second(s, start.plusSeconds(s), 90, 1, failed, 80_000)
                    : new Timeline.Second(s, start.plusSeconds(s), 100, 0, 0, 9_000));
        }
        return seconds;
    }
}
