package io.vigil.launcher;

import io.vigil.contracts.Transaction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Entry point of {@code bin/vigil}: up, down, status, token. */
public final class Vigil {

    private Vigil() {}

    public static void main(String[] args) {
        Path repo = Path.of(System.getProperty("vigil.repo", ".")).toAbsolutePath().normalize();
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            int code = switch (command) {
                case "up" -> up(repo, rest);
                case "down" -> down(repo);
                case "status" -> status(repo);
                case "token" -> token(repo, rest);
                case "demo" -> new Demo(PlatformConfig.fromEnvironment(repo)).run();
                case "startup-bench" -> new StartupBench(PlatformConfig.fromEnvironment(repo),
                        rest.length == 2 && rest[0].equals("--runs") ? Integer.parseInt(rest[1]) : 5).run();
                default -> help();
            };
            System.exit(code);
        } catch (LaunchException e) {
            System.err.println("vigil: " + e.getMessage());
            System.exit(1);
        } catch (java.io.IOException e) {
            System.err.println("vigil: the platform did not answer (" + e.getMessage() + "); is it up? bin/vigil status");
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(130);
        } catch (IllegalArgumentException e) {
            System.err.println("vigil: " + e.getMessage());
            System.exit(2);
        }
    }

    private static int up(Path repo, String[] args) {
        boolean detach = List.of(args).contains("--detach");
        PlatformConfig config = PlatformConfig.fromEnvironment(repo);
        long t0 = System.nanoTime();
        Platform platform = Platform.start(config, line -> System.out.println("  " + line));
        System.out.printf("%nVigil is up in %.1f s. Logs: %s%n", (System.nanoTime() - t0) / 1e9, config.logs());
        System.out.printf("  gateway            http://127.0.0.1:%d  (API, OpenAPI at /q/openapi)%n", config.gatewayPort());
        System.out.printf("  enrichment-service http://127.0.0.1:%d%n", config.enrichmentPort());
        System.out.printf("  ml-engine          http://127.0.0.1:%d  (models at /v1/models)%n", config.mlEnginePort());
        System.out.printf("  saga-orchestrator  http://127.0.0.1:%d%n", config.sagaPort());
        System.out.printf("  kafka              %s%n", config.kafkaBootstrap());
        System.out.println();
        System.out.println("Try it (token signed with the DEV-ONLY key, valid 1 h):");
        System.out.println(curlExample(repo, config));
        if (detach) {
            System.out.println("\nRunning in the background: 'bin/vigil status', 'bin/vigil down'.");
            return 0;
        }
        System.out.println("\nPress Ctrl-C to stop.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping Vigil...");
            platform.stop();
            stopped.countDown();
        }, "vigil-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    static String curlExample(Path repo, PlatformConfig config) {
        String token = DevToken.sign(repo.resolve("config/dev/jwt-dev-private.pem"), "demo-client", "acme",
                List.of("transactions:write", "analyst"), Duration.ofHours(1));
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        return "curl -s -X POST http://127.0.0.1:" + config.gatewayPort() + "/v1/transactions \\\n"
                + "  -H 'Authorization: Bearer " + token + "' \\\n"
                + "  -H 'Content-Type: application/json' -H 'Idempotency-Key: demo-" + System.currentTimeMillis() + "' \\\n"
                + "  -d '{\"transactionId\":\"tx-" + System.currentTimeMillis() + "\",\"walletId\":\"w-42\","
                + "\"amount\":\"49.90\",\"currency\":\"EUR\",\"merchantId\":\"m-7\",\"merchantCategory\":\"5411\","
                + "\"channel\":\"ECOM\",\"country\":\"FR\",\"deviceId\":\"d-1\",\"ipAddress\":\"192.0.2.10\","
                + "\"occurredAt\":\"" + now + "\"}'";
    }

    private static int down(Path repo) {
        PlatformConfig config = PlatformConfig.fromEnvironment(repo);
        var platform = Platform.attach(config);
        if (platform.isEmpty()) {
            System.out.println("Vigil is not running (nothing started from " + config.stateDir() + " runs).");
            return 0;
        }
        platform.get().stop();
        System.out.println("Vigil stopped.");
        return 0;
    }

    private static int status(Path repo) {
        PlatformConfig config = PlatformConfig.fromEnvironment(repo);
        var platform = Platform.attach(config);
        if (platform.isEmpty()) {
            System.out.println("Vigil is not running. Start it with 'bin/vigil up'.");
            return 3;
        }
        Map<String, String> status = platform.get().status();
        status.forEach((name, line) -> System.out.printf("%-20s %s%n", name, line));
        return status.values().stream().allMatch(v -> v.startsWith("UP")) ? 0 : 1;
    }

    private static int token(Path repo, String[] args) {
        String sub = null, tenant = null, role = null;
        long ttl = 3600;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--sub" -> sub = value;
                case "--tenant" -> tenant = value;
                case "--role" -> role = value;
                case "--ttl" -> ttl = Long.parseLong(require(value, "--ttl"));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; usage: bin/vigil token --sub ID --tenant T --role R[,R2] [--ttl SECONDS]");
            }
            i++;
        }
        require(sub, "--sub");
        require(tenant, "--tenant");
        if (!tenant.matches(Transaction.ID_PATTERN)) {
            // the gateway refuses a token whose tenant is not a tenant id: better said here than as its 401
            throw new IllegalArgumentException("--tenant must be 1 to 128 letters, digits or ._:@-");
        }
        require(role, "--role");
        System.out.println(DevToken.sign(repo.resolve("config/dev/jwt-dev-private.pem"), sub, tenant,
                List.of(role.split(",")), Duration.ofSeconds(ttl)));
        return 0;
    }

    private static String require(String value, String option) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is required; usage: bin/vigil token --sub ID --tenant T"
                    + " --role R[,R2] [--ttl SECONDS]");
        }
        return value;
    }

    private static int help() {
        System.out.println("""
                usage: bin/vigil COMMAND
                  up [--detach]    build what is missing, start Kafka, PostgreSQL databases and the four services
                  down             stop exactly what 'up' started
                  status           health of every part
                  token --sub ID --tenant T --role R[,R2] [--ttl SECONDS]
                                   print a JWT signed with the DEV-ONLY key
                  startup-bench [--runs N]
                                   time to first successful request per service, plain JVM vs AOT cache
                  demo             habitual payments, then an account-takeover-like one, through the running platform
                """);
        return 0;
    }
}
