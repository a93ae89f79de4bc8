package io.vigil.loadtest;

import io.vigil.contracts.Topics;
import io.vigil.launcher.DatabaseUpkeep;
import io.vigil.launcher.LaunchException;
import io.vigil.loadtest.config.BenchOptions;
import io.vigil.loadtest.data.MixConfig;
import io.vigil.loadtest.data.TrafficMix;
import io.vigil.loadtest.messaging.DecisionListener;
import io.vigil.loadtest.metrics.CpuAccounting;
import io.vigil.loadtest.report.MarkdownReport;
import io.vigil.loadtest.report.ReportContext;
import io.vigil.loadtest.report.SaturationPlot;
import io.vigil.loadtest.report.TimelineCsv;
import io.vigil.loadtest.service.Benchmark;
import io.vigil.loadtest.service.OpenLoopRunner;
import io.vigil.loadtest.service.RunResult;
import io.vigil.loadtest.service.SagaRouter;
import io.vigil.loadtest.service.StepResult;
import io.vigil.loadtest.endpoint.ClientTokens;
import io.vigil.loadtest.endpoint.TransactionTarget;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code bin/vigil bench}: drives the running platform at constant arrival rates and writes the report. Exit code 0
 * when the report was written, 1 when the platform could not be reached or the run failed, 2 on bad options.
 */
public final class BenchCli {

    private BenchCli() {}

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.print(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.print(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            run(options, String.join(" ", args));
        } catch (BenchException e) {
            System.err.println("bench: " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    private static void run(BenchOptions o, String argLine) throws InterruptedException {
        checkGateway(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build(), o);
        String runTag = Long.toString(System.currentTimeMillis(), 36);
        ClientTokens tokens = ClientTokens.sign(o.privateKey(), o.tenant(), o.clients(), Duration.ofHours(12));
        TrafficMix mix = mix(o, o.seed());
        CpuAccounting cpu = CpuAccounting.forPlatform(o.stateFile());
        System.out.println("CPU accounting: " + (cpu.platformProcesses().isEmpty()
                ? "no platform processes in " + o.stateFile() + " (PostgreSQL and the generator only)"
                : cpu.platformProcesses() + ", PostgreSQL, load generator"));

        SagaRouter router = null;
        DecisionListener listener = null;
        if (o.sagasRequested()) {
            router = new SagaRouter();
            try {
                listener = DecisionListener.start(o.kafka(), router, Duration.ofSeconds(15));
                System.out.println("saga completion: reading " + Topics.DECISIONS + " on " + o.kafka());
            } catch (RuntimeException e) {
                System.out.println("saga completion not measured: " + e.getMessage());
                router = null;
            }
        }
        Duration requestTimeout = o.timeout();
        Benchmark.TargetFactory targets = (kind, prefix) -> kind.equals("hops")
                ? TransactionTarget.hops(o.gateway(), mix, tokens, prefix, requestTimeout)
                : TransactionTarget.platform(o.gateway(), mix, tokens, prefix, requestTimeout);
        Runnable upkeep = upkeep(o.repo());
        Benchmark.JitGauge jit = cpu.platformProcesses().isEmpty() ? null : cpu::jitCompilerSeconds;
        Benchmark.WarmUp warmUp = new Benchmark.WarmUp(o.warmUpRate(), o.warmUp(), BenchOptions.WARM_UP_ROUND,
                BenchOptions.QUIET_COMPILER_CORES);
        Benchmark.Result result;
        try (OpenLoopRunner runner = new OpenLoopRunner(Duration.ofSeconds(2), o.maxInFlight())) {
            warmGenerator(runner, o, tokens);
            Benchmark benchmark = new Benchmark(runner, targets, cpu, jit, router, runTag,
                    upkeep == null ? () -> {} : upkeep, System.out::println);
            result = benchmark.run(new Benchmark.Plan(o.rates(), o.duration(), warmUp, o.coolDown(), o.timeout(),
                    o.maxInFlight(), o.sagaDrain(), o.targets()));
        } finally {
            if (listener != null) {
                listener.close();
            }
        }
        write(o, argLine, result, router != null, upkeep != null);
    }

    /** Warms the generator's request path on its own, with a traffic mix apart from the measured one. */
    private static void warmGenerator(OpenLoopRunner runner, BenchOptions o, ClientTokens tokens)
            throws InterruptedException {
        TrafficMix mix = mix(o, ~o.seed());
        RunResult r = runner.warmItself(
                sink -> TransactionTarget.platform(sink, mix, tokens, "generator-warm-up-", o.timeout()),
                new OpenLoopRunner.Settings(BenchOptions.GENERATOR_WARM_UP_RATE, BenchOptions.GENERATOR_WARM_UP,
                        o.timeout(), o.maxInFlight()));
        System.out.printf(Locale.ROOT, "generator warm-up: %,d requests to a sink in its own JVM, %.0f/s, p99 %.1f ms%n",
                r.scheduled(), r.achievedRate(), r.latency().p99() / 1000.0);
    }

    /** 1 % of the wallets get 20 % of ordinary traffic; 0.5 % account-takeover-like, 1 % card-testing-like. */
    private static TrafficMix mix(BenchOptions o, long seed) {
        return new TrafficMix(new MixConfig(o.wallets(), 0.01, 0.20, 0.005, 0.01, seed));
    }

    private static void write(BenchOptions o, String argLine, Benchmark.Result result, boolean sagas,
            boolean vacuumed) {
        List<StepResult> steps = result.steps();
        try {
            String plot = null;
            if (o.curve()) {
                SaturationPlot.write(o.plot(), steps, o.sloP99Micros() / 1000.0);
                plot = o.plot().getFileName().toString();
            }
            ReportContext ctx = new ReportContext(Instant.now(), "bin/vigil bench " + argLine,
                    Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + Runtime.version() + ", " + System.getProperty("os.name"),
                    setup(o, result.warmUps(), sagas, vacuumed), o.sloP99Micros(), plot);
            MarkdownReport.write(o.report(), MarkdownReport.render(ctx, steps));
            TimelineCsv.write(o.timeline(), steps);
            System.out.println("report: " + o.report() + (plot == null ? "" : ", plot: " + o.plot())
                    + ", timeline: " + o.timeline());
        } catch (IOException e) {
            throw new BenchException("cannot write the report: " + e.getMessage());
        }
    }

    private static List<String> setup(BenchOptions o, List<Benchmark.WarmUpResult> warmUps, boolean sagas,
            boolean vacuumed) {
        List<String> lines = new ArrayList<>(List.of(
                String.format(Locale.ROOT, "Open loop: constant arrival rate, every request has an intended send time on"
                        + " a fixed schedule and its latency counts from then; at most %d requests in flight, %d s"
                        + " timeout; %s; %d s cool-down between steps%s.",
                        o.maxInFlight(), o.timeout().toSeconds(), warmUpSentence(o, warmUps), o.coolDown().toSeconds(),
                        sagas ? String.format(Locale.ROOT, ", up to %d s for the last sagas", o.sagaDrain().toSeconds()) : ""),
                String.format(Locale.ROOT, "Traffic: %,d wallets, 1 %% of them receiving 20 %% of ordinary traffic;"
                        + " lognormal amounts around each wallet's level, 3–6 usual merchants (MCC per merchant),"
                        + " 1–2 devices and a home country per wallet; 0.5 %% account-takeover-like and 1 %%"
                        + " card-testing-like transactions; seed %d.", o.wallets(), o.seed()),
                String.format(Locale.ROOT, "%d API clients of tenant `%s` (JWT subjects `bench-client-NNN`, role"
                        + " `transactions:write`, dev key), round-robin: at most %.1f tx/s per client, under the"
                        + " gateway's default `standard` tier (refill %.0f/s, burst 100) unless `vigil.rate-limit.*`"
                        + " is lowered.", o.clients(), o.tenant(), o.perClientRate(), BenchOptions.STANDARD_TIER_PER_SECOND)));
        lines.add(String.format(Locale.ROOT, "Before anything else the generator warmed its own request path with"
                + " %,.0f requests to a sink inside its JVM, so that its JIT does not show in the first step.",
                BenchOptions.GENERATOR_WARM_UP_RATE * BenchOptions.GENERATOR_WARM_UP.toSeconds()));
        if (vacuumed) {
            lines.add("This PostgreSQL server runs with autovacuum off, so the benchmark ran VACUUM ANALYZE on the"
                    + " platform's databases before every warm-up round and every step, as autovacuum would have on a"
                    + " default server (without it the services keep plans made on empty tables).");
        }
        return lines;
    }

    /**
     * "warm-up at 80 tx/s until the platform's JIT compilers used under 0.1 cores for 30 s (at most 900 s): platform
     * 330 s, hops 60 s".
     */
    static String warmUpSentence(BenchOptions o, List<Benchmark.WarmUpResult> warmUps) {
        if (warmUps.isEmpty()) {
            return "no warm-up";
        }
        boolean gauged = warmUps.stream().allMatch(w -> w.lastRoundCompilerCores().isPresent());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "warm-up at %.0f tx/s", o.warmUpRate()));
        if (gauged) {
            b.append(String.format(Locale.ROOT, " until the platform's JIT compilers used under %.1f cores for %d s"
                    + " (at most %d s)", BenchOptions.QUIET_COMPILER_CORES, BenchOptions.WARM_UP_ROUND.toSeconds(),
                    o.warmUp().toSeconds()));
        }
        b.append(':');
        for (Benchmark.WarmUpResult w : warmUps) {
            b.append(String.format(Locale.ROOT, " %s %d s", w.target(), w.length().toSeconds()));
            if (gauged && !w.compilerQuiet(BenchOptions.QUIET_COMPILER_CORES)) {
                b.append(String.format(Locale.ROOT, " (compilers still at %.2f cores)",
                        w.lastRoundCompilerCores().getAsDouble()));
            }
            b.append(',');
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    /**
     * On a PostgreSQL server without autovacuum, VACUUM ANALYZE before each warm-up round and each step, as autovacuum
     * would have by then on a default server; null when the server runs autovacuum (or cannot be asked).
     */
    private static Runnable upkeep(Path repo) {
        DatabaseUpkeep upkeep = DatabaseUpkeep.forRepo(repo);
        try {
            if (!upkeep.autovacuumOff()) {
                return null;
            }
        } catch (LaunchException e) {
            System.out.println("warning: " + e.getMessage() + "; the databases are left as they are");
            return null;
        }
        System.out.println("PostgreSQL runs with autovacuum off: VACUUM ANALYZE of the platform's databases before"
                + " each warm-up round and each step, as autovacuum would have done by then on a default server");
        return () -> {
            try {
                upkeep.vacuumAnalyze();
            } catch (LaunchException e) {
                System.out.println("warning: " + e.getMessage());
            }
        };
    }

    /** Fails early, with the remedy, when no gateway answers; warns when it answers but is not ready. */
    private static void checkGateway(HttpClient http, BenchOptions o) throws InterruptedException {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(o.gateway().resolve("/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                System.out.println("warning: the gateway is not ready (" + r.statusCode() + "): " + r.body());
            }
        } catch (IOException e) {
            throw new BenchException("no gateway answers at " + o.gateway() + " (" + e.getMessage()
                    + "); start the platform with 'bin/vigil up --detach'");
        }
        if (o.perClientRate() > BenchOptions.STANDARD_TIER_PER_SECOND) {
            System.out.printf(Locale.ROOT, "warning: %.1f tx/s per client exceeds the standard tier (%.0f/s): expect 429"
                    + " unless the platform runs with raised vigil.rate-limit.* limits%n", o.perClientRate(),
                    BenchOptions.STANDARD_TIER_PER_SECOND);
        }
    }

    /** A failure the user can act on; printed without a stack trace. */
    static final class BenchException extends RuntimeException {
        BenchException(String message) {
            super(message);
        }
    }
}
