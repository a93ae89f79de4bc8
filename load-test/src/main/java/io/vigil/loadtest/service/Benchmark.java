package io.vigil.loadtest.service;

import io.vigil.contracts.Decision;
import io.vigil.loadtest.metrics.CpuAccounting;
import io.vigil.loadtest.metrics.CpuUsage;
import io.vigil.loadtest.metrics.Timeline;
import io.vigil.loadtest.service.SagaTracker.SagaStats;
import io.vigil.loadtest.endpoint.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
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
    public record Plan(List<Double> rates, Duration stepDuration, WarmUp warmUp, Duration coolDown,
            Duration timeout, int maxInFlight, Duration sagaDrain, List<String> targets) {}

    /**
     * Unrecorded load per target before the first step, in rounds: with a {@link JitGauge} it stops after the first
     * round in which the platform's JIT compilers used fewer than {@code quietCores} cores, else it runs to
     * {@code max}.
     */
    public record WarmUp(double rate, Duration max, Duration round, double quietCores) {

        public static final WarmUp NONE = new WarmUp(1, Duration.ZERO, Duration.ZERO, 0);
    }

    /** CPU seconds used so far by the platform's JIT compiler threads. */
    @FunctionalInterface
    public interface JitGauge {
        double compilerSeconds();
    }

    /**
     * How one target was warmed.
     *
     * @param lastRoundCompilerCores cores the JIT compilers used in the last round; empty without a gauge
     */
    public record WarmUpResult(String target, Duration length, OptionalDouble lastRoundCompilerCores) {

        public boolean compilerQuiet(double quietCores) {
            return lastRoundCompilerCores.isPresent() && lastRoundCompilerCores.getAsDouble() < quietCores;
        }
    }

    public record Result(List<WarmUpResult> warmUps, List<StepResult> steps) {}

    private final OpenLoopRunner runner;
    private final TargetFactory targets;
    private final CpuAccounting cpu;
    private final JitGauge jit;
    private final SagaRouter sagas;
    private final String runTag;
    private final Runnable upkeep;
    private final Consumer<String> out;

    /**
     * @param jit the platform's JIT compiler time, or null to warm up for a fixed time
     * @param sagas fed by a decision listener, or null when sagas are not measured
     * @param runTag distinguishes this invocation's transaction ids from every earlier one
     * @param upkeep runs before each warm-up round and each step, outside the step's CPU accounting
     */
    public Benchmark(OpenLoopRunner runner, TargetFactory targets, CpuAccounting cpu, JitGauge jit, SagaRouter sagas,
            String runTag, Runnable upkeep, Consumer<String> out) {
        this.runner = runner;
        this.targets = targets;
        this.cpu = cpu;
        this.jit = jit;
        this.sagas = sagas;
        this.runTag = runTag;
        this.upkeep = upkeep;
        this.out = out;
    }

    public Result run(Plan plan) throws InterruptedException {
        List<WarmUpResult> warmUps = new ArrayList<>();
        if (!plan.warmUp().max().isZero()) {
            for (String kind : plan.targets()) {
                warmUps.add(warmUp(kind, plan));
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
                upkeep.run();
                StepResult r = step(kind, rate, plan, step++);
                results.add(r);
                out.accept(summary(r));
            }
        }
        return new Result(List.copyOf(warmUps), List.copyOf(results));
    }

    /**
     * Runs warm-up rounds, each with fresh transaction ids, until the compilers are quiet for a round or the time is
     * up. A round shorter than the others only happens at the end of the allowed time. The upkeep runs before each
     * round as before each step: without it, on a server without autovacuum, the rounds ran on plans made for the
     * empty tables of a fresh start and mostly trained the JIT on refusals.
     */
    private WarmUpResult warmUp(String kind, Plan plan) throws InterruptedException {
        WarmUp w = plan.warmUp();
        Duration done = Duration.ZERO;
        OptionalDouble compilerCores = OptionalDouble.empty();
        for (int round = 1; done.compareTo(w.max()) < 0; round++) {
            Duration length = jit == null ? w.max() : min(w.round(), w.max().minus(done));
            upkeep.run();
            out.accept(String.format(Locale.ROOT, "warm-up: %s at %.0f tx/s for %d s", kind, w.rate(), length.toSeconds()));
            double compilerBefore = jit == null ? 0 : jit.compilerSeconds();
            long start = System.nanoTime();
            RunResult r = runner.run(targets.create(kind, prefix("warm-" + kind + "-" + round)),
                    settings(plan, w.rate(), length), OpenLoopRunner.Observer.NONE);
            done = done.plus(length);
            String answered = String.format(Locale.ROOT, "  answered %d of %d, p99 %.1f ms", r.ok(), r.scheduled(),
                    r.latency().p99() / 1000.0);
            if (jit == null) {
                out.accept(answered);
            } else {
                double cores = (jit.compilerSeconds() - compilerBefore) / ((System.nanoTime() - start) / 1e9);
                compilerCores = OptionalDouble.of(cores);
                out.accept(String.format(Locale.ROOT, "%s; JIT compilers busy %.2f cores", answered, cores));
                if (cores < w.quietCores()) {
                    break;
                }
            }
        }
        return new WarmUpResult(kind, done, compilerCores);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
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
                : String.format(Locale.ROOT, "saga p50 %.2f p99 %.2f ms (%d completed%s, %d parked REVIEW, %d missing)",
                        r.saga().completion().p50() / 1000.0, r.saga().completion().p99() / 1000.0,
                        r.saga().completion().count(), r.saga().afterFailedRequest() == 0 ? ""
                                : ", " + r.saga().afterFailedRequest() + " of them after a failed request",
                        r.saga().parkedForReview(), r.saga().missing());
        return String.format(Locale.ROOT,
                "  %s offered %.0f achieved %.1f tx/s, ok %d, errors %d %s, p50 %.2f p99 %.2f max %.2f ms; %s;"
                        + " platform CPU %.1f s (JIT compilers %.1f s of it; %.1f wake-ups per tx),"
                        + " generator CPU %.1f s",
                run.target(), run.offeredRate(), run.achievedRate(), run.ok(), run.errorCount(), run.errors(),
                run.latency().p50() / 1000.0, run.latency().p99() / 1000.0, run.latency().max() / 1000.0, saga,
                r.cpu().platformSeconds(), r.cpu().jitSeconds(), r.cpu().wakeUpsPer(run.ok()),
                r.cpu().generatorSeconds())
                + (r.cpu().machineKnown() ? String.format(Locale.ROOT, ", other processes %.2f cores,"
                        + " stolen by the host %.2f cores", r.cpu().otherCores(), r.cpu().stolenCores()) : "")
                + worstSeconds(run);
    }

    private static String worstSeconds(RunResult run) {
        if (run.worstSeconds().isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%n  worst seconds (failed, over %d ms):",
                OpenLoopRunner.SLOW_MICROS / 1000));
        for (Timeline.Second s : run.worstSeconds()) {
            b.append(String.format(Locale.ROOT, " %s (+%d s) %d, %d, max %.0f ms;",
                    s.clock(), s.second(), s.errors(), s.slow(), s.maxMicros() / 1000.0));
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }
}
