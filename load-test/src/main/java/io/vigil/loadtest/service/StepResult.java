package io.vigil.loadtest.service;

import io.vigil.loadtest.metrics.CpuUsage;
import io.vigil.loadtest.service.SagaTracker.SagaStats;

/** One step of a benchmark: the run at one rate against one target, its sagas and the CPU it cost. */
public record StepResult(RunResult run, SagaStats saga, CpuUsage cpu) {

    /**
     * Whether the target kept up at this rate: nearly all the offered rate achieved, at most 1 % errors and the
     * synchronous p99 within the latency objective.
     */
    public boolean sustained(long sloP99Micros) {
        return run.achievedRate() >= 0.95 * run.offeredRate()
                && run.errorShare() <= 0.01
                && run.latency().count() > 0
                && run.latency().p99() <= sloP99Micros;
    }
}
