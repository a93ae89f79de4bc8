package io.vigil.loadtest.config;

import io.vigil.launcher.PlatformConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@code BenchCli}. Defaults for the gateway URL, the Kafka bootstrap servers and the
 * state directory come from the launcher's {@link PlatformConfig}, so {@code bin/vigil bench} finds the platform
 * {@code bin/vigil up} started without any flag.
 */
public record BenchOptions(
        List<Double> rates,
        boolean curve,
        Duration duration,
        Duration warmUp,
        double warmUpRate,
        Duration coolDown,
        URI gateway,
        String kafka,
        Path report,
        List<String> targets,
        int clients,
        double clientRate,
        String tenant,
        int wallets,
        long seed,
        Duration timeout,
        int maxInFlight,
        Duration sagaDrain,
        long sloP99Micros,
        Path privateKey,
        Path stateFile,
        Path repo) {

    /** The gateway's default tier ({@code vigil.rate-limit.tiers.standard}) refills 50 tokens per second per client. */
    public static final double STANDARD_TIER_PER_SECOND = 50;

    /** Warm-up goes in rounds of this length until the platform's JIT compilers are quiet for a whole round. */
    public static final Duration WARM_UP_ROUND = Duration.ofSeconds(30);

    /**
     * Below this the compilers only pick up stragglers: on 2 cores a fresh platform's C2 threads keep about 0.5 cores
     * busy for minutes under load, and latency keeps falling until they settle.
     */
    public static final double QUIET_COMPILER_CORES = 0.1;

    /**
     * The generator's own warm-up, against a sink in its JVM (see {@code OpenLoopRunner.warmItself}): 30,000
     * requests in 10 s of a platform left idle. 12,000 were not enough: the first step then still took 2.5 times the
     * generator CPU of the second, and its first second answered at up to 131 ms against 46 ms (300 tx/s).
     */
    public static final double GENERATOR_WARM_UP_RATE = 3_000;

    public static final Duration GENERATOR_WARM_UP = Duration.ofSeconds(10);

    public static final String USAGE = """
            Usage: BenchCli [--rate R] [--duration S] [--curve R1,R2,...] [--target platform|hops|both]
                            [--gateway URL] [--kafka HOST:PORT|none] [--report FILE]
                            [--clients N] [--client-rate R] [--tenant T] [--wallets N] [--seed N]
                            [--warmup S] [--warmup-rate R] [--cool-down S] [--timeout S] [--max-in-flight N]
                            [--saga-drain S] [--slo-p99-ms MS] [--repo DIR] [--key PEM]
              --rate          arrivals per second of a single run (default 200)
              --duration      seconds per run or per curve step (default 30)
              --curve         comma-separated rates: one step per rate, a table and a plot
              --target        platform: POST /v1/transactions; hops: POST /bench/hop (the bare hop chain);
                              both: the two alternately at every rate (default platform)
              --kafka         where to read vigil.decisions for saga completion; none to skip
              --report        Markdown report; the section between the load-test markers is replaced
                              (default docs/benchmarks.md, plot next to it as benchmarks-saturation.png)
              --clients       API clients (JWT subjects) to spread the load over (default: enough to keep each
                              under --client-rate at the highest rate, at least 50)
              --client-rate   per-client budget in tx/s (default 40: 80 % of the gateway's standard tier of 50/s)
              --warmup        at most this many seconds of unrecorded load per target before the first step, in
                              30 s rounds that stop once the platform's JIT compilers use under 0.1 cores for a
                              round (default 900: on 2 cores a fresh platform needs minutes; 0 for none)
              --warmup-rate   arrivals per second during the warm-up (default the first rate)
            """;

    private static final Set<String> FLAGS = Set.of("--rate", "--duration", "--curve", "--target", "--gateway",
            "--kafka", "--report", "--clients", "--client-rate", "--tenant", "--wallets", "--seed", "--warmup",
            "--warmup-rate", "--cool-down", "--timeout", "--max-in-flight", "--saga-drain", "--slo-p99-ms", "--repo",
            "--key");

    /** Parses the arguments; throws {@link IllegalArgumentException} with a message for the user on bad input. */
    public static BenchOptions parse(String[] args) {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (!FLAGS.contains(flag)) {
                throw new IllegalArgumentException("unknown option " + flag);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            a.put(flag, args[++i]);
        }
        Path repo = Path.of(a.getOrDefault("--repo", ".")).toAbsolutePath().normalize();
        PlatformConfig platform = PlatformConfig.fromEnvironment(repo);

        boolean curve = a.containsKey("--curve");
        List<Double> rates = curve ? rates(a.get("--curve")) : List.of(positive("--rate", a.getOrDefault("--rate", "200")));
        double maxRate = rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double clientRate = positive("--client-rate", a.getOrDefault("--client-rate", "40"));
        int clients = a.containsKey("--clients")
                ? (int) positive("--clients", a.get("--clients"))
                : Math.max(50, (int) Math.ceil(maxRate / clientRate));
        String target = a.getOrDefault("--target", "platform");
        List<String> targets = switch (target) {
            case "platform", "hops" -> List.of(target);
            case "both" -> List.of("platform", "hops");
            default -> throw new IllegalArgumentException("--target must be platform, hops or both");
        };
        return new BenchOptions(
                rates,
                curve,
                seconds("--duration", a.getOrDefault("--duration", "30")),
                seconds("--warmup", a.getOrDefault("--warmup", "900"), true),
                a.containsKey("--warmup-rate") ? positive("--warmup-rate", a.get("--warmup-rate")) : rates.getFirst(),
                seconds("--cool-down", a.getOrDefault("--cool-down", "5"), true),
                URI.create(a.getOrDefault("--gateway", "http://127.0.0.1:" + platform.gatewayPort())),
                a.getOrDefault("--kafka", platform.kafkaBootstrap()),
                Path.of(a.getOrDefault("--report", repo.resolve("docs/benchmarks.md").toString())),
                targets,
                clients,
                clientRate,
                a.getOrDefault("--tenant", "acme"),
                (int) positive("--wallets", a.getOrDefault("--wallets", "20000")),
                Long.parseLong(a.getOrDefault("--seed", "42")),
                seconds("--timeout", a.getOrDefault("--timeout", "5")),
                (int) positive("--max-in-flight", a.getOrDefault("--max-in-flight", "2048")),
                seconds("--saga-drain", a.getOrDefault("--saga-drain", "15"), true),
                Math.round(positive("--slo-p99-ms", a.getOrDefault("--slo-p99-ms", "300")) * 1000),
                Path.of(a.getOrDefault("--key", repo.resolve("config/dev/jwt-dev-private.pem").toString())),
                platform.stateDir().resolve("run/platform.properties"),
                repo);
    }

    public boolean sagasRequested() {
        return !kafka.equals("none") && targets.contains("platform");
    }

    /** Highest rate one client sends at: the load is spread round-robin. */
    public double perClientRate() {
        return rates.stream().mapToDouble(Double::doubleValue).max().orElseThrow() / clients;
    }

    /** The plot goes next to the report: {@code benchmarks.md} → {@code benchmarks-saturation.png}. */
    public Path plot() {
        return besideReport("-saturation.png");
    }

    /** Every step second by second goes next to the report too: {@code benchmarks.md} → {@code benchmarks-timeline.csv}. */
    public Path timeline() {
        return besideReport("-timeline.csv");
    }

    private Path besideReport(String suffix) {
        return report.resolveSibling(report.getFileName().toString().replaceFirst("\\.md$", "") + suffix);
    }

    private static List<Double> rates(String csv) {
        List<Double> rates = new ArrayList<>();
        for (String r : csv.split(",")) {
            rates.add(positive("--curve", r.trim()));
        }
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("--curve needs at least one rate");
        }
        return List.copyOf(rates);
    }

    private static double positive(String flag, String value) {
        try {
            double v = Double.parseDouble(value);
            if (v > 0 && Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the same message as a non-positive number
        }
        throw new IllegalArgumentException(flag + " must be a positive number, not '" + value + "'");
    }

    private static Duration seconds(String flag, String value) {
        return seconds(flag, value, false);
    }

    private static Duration seconds(String flag, String value, boolean zeroAllowed) {
        if (zeroAllowed && value.trim().equals("0")) {
            return Duration.ZERO;
        }
        return Duration.ofMillis(Math.round(positive(flag, value) * 1000));
    }
}
