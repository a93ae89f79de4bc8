package io.vigil.loadtest.service;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.CpuAccounting;
import io.vigil.loadtest.metrics.CpuUsage;
import io.vigil.loadtest.service.SagaTracker.SagaStats;
import io.vigil.loadtest.endpoint.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the steps of a benchmark: each rate of the plan for each target (platform and hop chain alternating when
 * both are asked for), with a warm-up first and a cool-down between steps, following sagas and CPU per step.
 */
public final class Benchmark {

    /** Builds the target of a step; the prefix makes its transaction ids unique. */
    @FunctionalInterface
    public interface TargetFactory {
        Target create(String kind, String idPrefix);
    }

    /**
     * @param targets {@code platform}, {@code hops} or both, in the order they alternate
     * @param sagaDrain how long to wait after a step for its sagas' decisions
     */
    public record Plan(List<Double> rates, Duration stepDuration, Duration warmUp, Duration coolDown,
            Duration timeout, int maxInFlight, Duration sagaDrain, List<String> targets) {}

    private final OpenLoopRunner runner;
    private final TargetFactory targets;
    private final CpuAccounting cpu;
    private final SagaRouter sagas;
    private final String runTag;
    private final Runnable beforeStep;
    private final Consumer<String> out;

    /**
     * @param sagas fed by a decision listener, or null when sagas are not measured
     * @param runTag distinguishes this invocation's transaction ids from every earlier one
     * @param beforeStep runs after the warm-up and each cool-down, outside the step's CPU accounting
     */
    public Benchmark(OpenLoopRunner runner, TargetFactory targets, CpuAccounting cpu, SagaRouter sagas,
            String runTag, Runnable beforeStep, Consumer<String> out) {
        this.runner = runner;
        this.targets = targets;
        this.cpu = cpu;
        this.sagas = sagas;
        this.runTag = runTag;
        this.beforeStep = beforeStep;
        this.out = out;
    }

    public List<StepResult> run(Plan plan) throws InterruptedException {
        if (!plan.warmUp().isZero()) {
            for (String kind : plan.targets()) {
                out.accept(String.format(Locale.ROOT, "warm-up: %s at %.0f tx/s for %d s", kind, plan.rates().getFirst(),
                        plan.warmUp().toSeconds()));
                Target target = targets.create(kind, prefix("warm-" + kind));
                runner.run(target, settings(plan, plan.rates().getFirst(), plan.warmUp()), OpenLoopRunner.Observer.NONE);
                Thread.sleep(plan.coolDown().toMillis());
            }
        }
        List<StepResult> results = new ArrayList<>();
        int step = 0;
        for (double rate : plan.rates()) {
            for (String kind : plan.targets()) {
                if (step > 0) {
                    Thread.sleep(plan.coolDown().toMillis());
                }
                beforeStep.run();
                StepResult r = step(kind, rate, plan, step++);
                results.add(r);
                out.accept(summary(r));
            }
        }
        return results;
    }

    private StepResult step(String kind, double rate, Plan plan, int step) throws InterruptedException {
        String prefix = prefix(kind + "-" + step);
        Target target = targets.create(kind, prefix);
        boolean followSagas = sagas != null && target.tracksSagas();
        SagaTracker tracker = new SagaTracker(prefix);
        if (followSagas) {
            sagas.add(tracker);
        }
        out.accept(String.format(Locale.ROOT, "step %d: %s at %.0f tx/s for %d s", step + 1, kind, rate,
                plan.stepDuration().toSeconds()));
        CpuAccounting.Snapshot before = cpu.snapshot();
        RunResult run = runner.run(target, settings(plan, rate, plan.stepDuration()),
                followSagas ? observer(tracker) : OpenLoopRunner.Observer.NONE);
        SagaStats saga = SagaStats.NOT_MEASURED;
        if (followSagas) {
            tracker.awaitDrained(plan.sagaDrain());
            saga = tracker.stats();
            sagas.remove(tracker);
        }
        CpuUsage usage = cpu.between(before, cpu.snapshot());
        return new StepResult(run, saga, usage);
    }

    private String prefix(String step) {
        return "bench-" + runTag + "-" + step + "-";
    }

    private static OpenLoopRunner.Settings settings(Plan plan, double rate, Duration duration) {
        return new OpenLoopRunner.Settings(rate, duration, plan.timeout(), plan.maxInFlight());
    }

    private static OpenLoopRunner.Observer observer(SagaTracker tracker) {
        return new OpenLoopRunner.Observer() {
            @Override
            public void sent(String transactionId, long intendedEpochMicros) {
                tracker.sent(transactionId, intendedEpochMicros);
            }

            @Override
            public void answered(String transactionId, Decision decision) {
                tracker.answered(transactionId, decision);
            }

            @Override
            public void failed(String transactionId) {
                tracker.failed(transactionId);
            }
        };
    }

    private static String summary(StepResult r) {
        RunResult run = r.run();
        String saga = r.saga() == SagaStats.NOT_MEASURED
                ? "saga not measured"
                : String.format(Locale.ROOT, "saga p50 %.2f p99 %.2f ms (%d completed, %d parked REVIEW, %d missing)",
                        r.saga().completion().p50() / 1000.0, r.saga().completion().p99() / 1000.0,
                        r.saga().completion().count(), r.saga().parkedForReview(), r.saga().missing());
        return String.format(Locale.ROOT,
                "  %s offered %.0f achieved %.1f tx/s, ok %d, errors %d %s, p50 %.2f p99 %.2f max %.2f ms; %s;"
                        + " platform CPU %.1f s, generator CPU %.1f s",
                run.target(), run.offeredRate(), run.achievedRate(), run.ok(), run.errorCount(), run.errors(),
                run.latency().p50() / 1000.0, run.latency().p99() / 1000.0, run.latency().max() / 1000.0, saga,
                r.cpu().platformSeconds(), r.cpu().generatorSeconds());
    }
}
