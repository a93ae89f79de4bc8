package io.vigil.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path state;

    PlatformConfig config(int kafkaPort, int gatewayPort) {
        PlatformConfig d = PlatformConfig.fromEnvironment(REPO);
        return new PlatformConfig(REPO, state, gatewayPort, Ports.free(), Ports.free(), Ports.free(), kafkaPort,
                Ports.free(), d.postgres(), "vigil_lt", d.jwtPublicKey(), Map.of());
    }

    @Test
    void parsesPostgresUrls() {
        var pg = PlatformConfig.postgresFromUrl("postgresql://alice:s3cret@db.internal:6543/ignored");
        assertEquals(new PlatformConfig.PostgresTarget("db.internal", 6543, "alice", "s3cret"), pg);
        assertEquals(new PlatformConfig.PostgresTarget("127.0.0.1", 5432, "postgres", ""),
                PlatformConfig.postgresFromUrl("postgresql://127.0.0.1"));
    }

    @Test
    void eachServiceRunsOneEventLoopPerTwoCoresUnlessItsPropertiesSayOtherwise() {
        String loops = Integer.toString(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        PlatformConfig c = config(Ports.free(), Ports.free());
        for (Service s : Service.START_ORDER) {
            assertEquals(loops, s.properties(c).get("quarkus.vertx.event-loops-pool-size"), s.module());
        }
        PlatformConfig tuned = new PlatformConfig(REPO, state, c.gatewayPort(), c.enrichmentPort(), c.mlEnginePort(),
                c.sagaPort(), c.kafkaPort(), c.kafkaControllerPort(), c.postgres(), "vigil_lt", c.jwtPublicKey(),
                Map.of("gateway:quarkus.vertx.event-loops-pool-size", "3"));
        assertEquals("3", Service.GATEWAY.properties(tuned).get("quarkus.vertx.event-loops-pool-size"));
        assertEquals(loops, Service.ML_ENGINE.properties(tuned).get("quarkus.vertx.event-loops-pool-size"));
    }

    @Test
    void kafkaClusterIdsNeverStartWithADashThatTheStorageToolWouldReadAsAnOption() {
        for (int i = 0; i < 10_000; i++) {
            String id = KafkaBroker.clusterId();
            assertEquals(22, id.length(), id);
            assertFalse(id.startsWith("-"), id);
        }
    }

    @Test
    void aChildWhoseCommandLineLacksTheMarkerYetCountsAsStartingUntilItExits() {
        // as for a moment while setsid execs the JVM, when /proc/<pid>/cmdline is empty
        long pid = Processes.spawn(List.of("sleep", "30"), state, state.resolve("sleep.log"));
        try {
            assertFalse(Processes.isOurs(pid, "-Dvigil-instance=not-on-this-command-line"));
            assertFalse(Processes.exited(pid));
        } finally {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
        }
        assertTrue(Processes.exited(pid));
    }

    @Test
    void kafkaBrokerStartsWithTheTopicsAndStopsWithoutLeavingAProcess() throws Exception {
        PlatformConfig c = config(Ports.free(), Ports.free());
        String marker = "-Dvigil-instance=launcher-test-" + System.nanoTime();
        KafkaBroker broker = new KafkaBroker(c);
        long pid = broker.start(marker, Duration.ofSeconds(60));
        try {
            assertTrue(broker.healthy());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(
                        Topics.ALL.stream().map(Topics.TopicSpec::name).toList()).allTopicNames().get(10, TimeUnit.SECONDS);
                for (Topics.TopicSpec spec : Topics.ALL) {
                    assertEquals(spec.partitions(), topics.get(spec.name()).partitions().size(), spec.name());
                }
            }
        } finally {
            Processes.stop(pid, marker, Duration.ofSeconds(20));
        }
        assertFalse(Processes.isOurs(pid, marker));
        assertTrue(Ports.isFree(c.kafkaPort()));
    }

    @Test
    void kafkaKilledWithSigkillStartsAgainOnItsPortWithItsRecords() throws Exception {
        PlatformConfig c = config(Ports.free(), Ports.free());
        String marker = "-Dvigil-instance=launcher-test-" + System.nanoTime();
        KafkaBroker broker = new KafkaBroker(c);
        long pid = broker.start(marker, Duration.ofSeconds(60));
        try {
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.DECISIONS, "w-1", "before the crash")).get(30, TimeUnit.SECONDS);
            }
            Processes.kill(pid, marker);
            assertFalse(broker.healthy());

            pid = broker.start(marker, Duration.ofSeconds(60));

            assertTrue(broker.healthy());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, c.kafkaBootstrap(),
                    ConsumerConfig.GROUP_ID_CONFIG, "launcher-test",
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.DECISIONS));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (values.isEmpty() && System.nanoTime() < deadline) {
                    consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
                }
                assertEquals(List.of("before the crash"), values);
            }
        } finally {
            Processes.stop(pid, marker, Duration.ofSeconds(20));
        }
        assertTrue(Ports.isFree(c.kafkaPort()));
    }

    @Test
    void kafkaThatCannotBindFailsWithItsLogAndExits() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            PlatformConfig c = config(Ports.free(), Ports.free());
            PlatformConfig clash = new PlatformConfig(c.repo(), c.stateDir(), c.gatewayPort(), c.enrichmentPort(),
                    c.mlEnginePort(), c.sagaPort(), c.kafkaPort(), taken.getLocalPort(), c.postgres(), "vigil_lt",
                    c.jwtPublicKey(), Map.of());
            String marker = "-Dvigil-instance=launcher-test-" + System.nanoTime();
            LaunchException e = assertThrows(LaunchException.class,
                    () -> new KafkaBroker(clash).start(marker, Duration.ofSeconds(60)));
            assertTrue(e.getMessage().startsWith("Kafka"), e.getMessage());
            if (e.pid() > 0) {
                Processes.stop(e.pid(), marker, Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void portAlreadyTakenStopsBeforeStartingAnything() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            PlatformConfig c = config(Ports.free(), taken.getLocalPort());
            LaunchException e = assertThrows(LaunchException.class, () -> Platform.start(c, line -> {}));
            assertTrue(e.getMessage().contains("gateway port " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was started"), e.getMessage());
            assertFalse(Files.exists(state.resolve("run/platform.properties")));
        }
    }

    @Test
    void aLauncherStoppedWhileStartingLeavesNoProcessBehind() throws Exception {
        PlatformConfig c = config(Ports.free(), Ports.free());
        String prefix = "vigil_lt_abort";
        // the launcher module builds before the services: a repository whose services' jars are placeholders
        Path repo = Files.createDirectories(state.resolve("repo"));
        Files.createSymbolicLink(repo.resolve("local-kafka"), REPO.resolve("local-kafka"));
        Files.createSymbolicLink(repo.resolve("config"), REPO.resolve("config"));
        for (Service s : Service.START_ORDER) {
            Path jar = s.jar(new PlatformConfig(repo, state, 0, 0, 0, 0, 0, 0, c.postgres(), prefix,
                    c.jwtPublicKey(), Map.of()));
            Files.createDirectories(jar.getParent());
            Files.createFile(jar);
        }
        Process launcher = new ProcessBuilder(Processes.java(), "-cp", System.getProperty("java.class.path"),
                StartingPlatform.class.getName(), repo.toString(), state.toString(), Integer.toString(c.gatewayPort()),
                Integer.toString(c.enrichmentPort()), Integer.toString(c.mlEnginePort()),
                Integer.toString(c.sagaPort()), Integer.toString(c.kafkaPort()),
                Integer.toString(c.kafkaControllerPort()), prefix)
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("launcher.log").toFile())
                .start();
        Path recorded = state.resolve("run/platform.properties");
        Properties p = new Properties();
        long kafka = -1;
        String marker = null;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (p.getProperty(KafkaBroker.COMPONENT) == null) {
                assertTrue(System.nanoTime() < deadline && launcher.isAlive(),
                        "the broker was never recorded:\n" + Processes.tail(state.resolve("launcher.log"), 20));
                Processes.sleep(20);
                if (Files.exists(recorded)) {
                    p = new Properties();
                    try (var in = Files.newInputStream(recorded)) {
                        p.load(in);
                    } catch (IOException racingTheWrite) {
                        // read again
                    }
                }
            }
            kafka = Long.parseLong(p.getProperty(KafkaBroker.COMPONENT));
            marker = p.getProperty("marker");

            launcher.destroy(); // SIGTERM: the shutdown hooks run, as on Ctrl-C

            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher stopped");
            assertFalse(Processes.isOurs(kafka, marker), "the broker it had started is stopped");
            assertTrue(Ports.isFree(c.kafkaPort()));
            assertFalse(Files.exists(recorded), "nothing left for down to stop");
        } finally {
            launcher.destroyForcibly();
            if (kafka > 0) {
                Processes.stop(kafka, marker, Duration.ofSeconds(20));
            }
            new Postgres(new PlatformConfig(c.repo(), c.stateDir(), c.gatewayPort(), c.enrichmentPort(),
                    c.mlEnginePort(), c.sagaPort(), c.kafkaPort(), c.kafkaControllerPort(), c.postgres(), prefix,
                    c.jwtPublicKey(), Map.of())).dropDatabases();
        }
    }

    @Test
    void theStartupBenchsCopiesUseABrokerAndDatabasesOfTheirOwn() {
        PlatformConfig c = config(Ports.free(), Ports.free());
        PlatformConfig bench = StartupBench.benchConfig(c);

        assertFalse(bench.kafkaPort() == c.kafkaPort() || bench.kafkaControllerPort() == c.kafkaControllerPort(),
                "on the platform's broker they would join its consumer groups");
        assertFalse(bench.databasePrefix().equals(c.databasePrefix()));
        assertFalse(bench.stateDir().equals(c.stateDir()));
    }

    @Test
    void aSecondStartWhileOneIsStartingIsRefusedBeforeStartingAnything() throws Exception {
        PlatformConfig c = config(Ports.free(), Ports.free());
        try (FileChannel first = FileChannel.open(Platform.startLock(c), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE);
                var held = first.lock()) {
            LaunchException e = assertThrows(LaunchException.class, () -> Platform.start(c, line -> {}));

            assertTrue(e.getMessage().startsWith("another 'bin/vigil up' is starting"), e.getMessage());
            assertFalse(Files.exists(state.resolve("run/platform.properties")));
        }
    }

    @Test
    void aServerThatRefusesTheRoleIsReportedWithItsOwnMessageAndNoClusterIsStarted() {
        PlatformConfig d = config(Ports.free(), Ports.free());
        PlatformConfig.PostgresTarget pg = d.postgres();
        PlatformConfig c = new PlatformConfig(REPO, state, d.gatewayPort(), d.enrichmentPort(), d.mlEnginePort(),
                d.sagaPort(), d.kafkaPort(), d.kafkaControllerPort(),
                new PlatformConfig.PostgresTarget(pg.host(), pg.port(), "vigil_no_such_role", ""), "vigil_lt",
                d.jwtPublicKey(), Map.of());

        LaunchException e = assertThrows(LaunchException.class,
                () -> new Postgres(c).ensureServer(() -> { throw new AssertionError("no private cluster"); }));

        assertTrue(e.getMessage().contains("vigil_no_such_role"), e.getMessage());
        assertTrue(e.getMessage().contains("refused the connection"), e.getMessage());
        assertFalse(Files.exists(new Postgres(c).privateDataDir()));
    }

    @Test
    void aPrivatePostgresThatIsGoneLeavesNothingRunningToAttachTo() throws Exception {
        PlatformConfig c = config(Ports.free(), Ports.free());
        Files.createDirectories(state.resolve("run"));
        Files.writeString(state.resolve("run/platform.properties"),
                "marker=-Dvigil-instance=gone\npostgres.private=true\n");
        Postgres postgres = new Postgres(c);
        assertFalse(postgres.privateClusterRunning(), "no postmaster.pid");

        // a live process (this JVM) stands for the postmaster; the file names its pid and a start time
        long pid = ProcessHandle.current().pid();
        long started = ProcessHandle.current().info().startInstant().orElseThrow().getEpochSecond();
        Files.createDirectories(postgres.privateDataDir());
        Path pidFile = postgres.privateDataDir().resolve("postmaster.pid");
        Files.writeString(pidFile, pid + "\n" + postgres.privateDataDir() + "\n" + started + "\n5432\n");
        assertTrue(postgres.privateClusterRunning(), "the postmaster the file names");
        assertTrue(Platform.attach(c).isPresent(), "a running private cluster is the platform's to stop");

        // left by a crash or a restart of the machine: the pid now belongs to a process started at another time
        Files.writeString(pidFile, pid + "\n" + postgres.privateDataDir() + "\n" + (started - 3600) + "\n5432\n");
        assertFalse(postgres.privateClusterRunning(), "a reused pid");
        assertTrue(Platform.attach(c).isEmpty(), "bin/vigil up may start again, down has nothing to stop");
    }

    @Test
    void devTokenVerifiesWithTheDevPublicKeyAndCarriesTheClaims() throws Exception {
        String jwt = DevToken.sign(REPO.resolve("config/dev/jwt-dev-private.pem"), "client-1", "acme",
                List.of("transactions:write", "analyst"), Duration.ofMinutes(5));
        String[] parts = jwt.split("\\.");
        assertEquals(3, parts.length);
        String pem = Files.readString(REPO.resolve("config/dev/jwt-dev-public.pem"))
                .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertTrue(rsa.verify(Base64.getUrlDecoder().decode(parts[2])));
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        for (String expected : Set.of("\"sub\":\"client-1\"", "\"tenant\":\"acme\"", "\"aud\":\"vigil-api\"",
                "\"groups\":[\"transactions:write\",\"analyst\"]", "\"iss\":\"https://vigil.local/dev\"")) {
            assertTrue(claims.contains(expected), claims);
        }
    }
}
