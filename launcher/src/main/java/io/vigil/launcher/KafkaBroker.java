package io.vigil.launcher;

import io.vigil.contracts.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft broker (broker and controller in one process) from the jars that the
 * {@code local-kafka} module resolves, with its data under the state directory.
 */
final class KafkaBroker {

    static final String COMPONENT = "kafka";

    private final PlatformConfig config;
    private final Path home;

    KafkaBroker(PlatformConfig config) {
        this.config = config;
        this.home = config.stateDir().resolve("kafka");
    }

    Path log() {
        return config.logs().resolve("kafka.log");
    }

    /** Formats storage on first use, starts the broker, waits until it answers, creates the topics. */
    long start(String marker, Duration timeout) throws IOException {
        long pid = spawn(marker);
        awaitReady(pid, timeout);
        return pid;
    }

    /** Formats storage on first use and starts the broker; its pid, at once, so that it can be recorded. */
    long spawn(String marker) throws IOException {
        Path lib = config.repo().resolve("local-kafka/target/lib");
        if (!Files.isDirectory(lib)) {
            throw new LaunchException("Kafka jars missing at " + lib + ": build first (./mvnw package -DskipTests)");
        }
        Path data = home.resolve("data");
        Path properties = home.resolve("server.properties");
        Files.createDirectories(data);
        Files.createDirectories(log().getParent());
        Files.writeString(properties, serverProperties(data));
        String classpath = lib.toAbsolutePath() + "/*";
        if (!Files.exists(data.resolve("meta.properties"))) {
            Process format = new ProcessBuilder(Processes.java(), "-cp", classpath, "kafka.tools.StorageTool", "format",
                            "-t", clusterId(), "-c", properties.toString(), "--ignore-formatted")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            try {
                if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                    throw new LaunchException("Kafka storage format failed:\n" + Processes.tail(log(), 15));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("interrupted while formatting Kafka storage");
            }
        }
        List<String> command = new ArrayList<>(List.of(Processes.java(), "-Xms256m", "-Xmx512m", marker,
                "-Dlog4j2.configurationFile=" + log4jConfig(), "-cp", classpath, "kafka.Kafka", properties.toString()));
        return Processes.spawn(command, home, log());
    }

    /** Waits until the broker started as {@code pid} listens, then creates the topics. */
    void awaitReady(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.isListening("127.0.0.1", config.kafkaPort())) {
            if (Processes.exited(pid)) {
                throw new LaunchException("Kafka exited during start-up:\n" + Processes.tail(log(), 20), pid);
            }
            if (System.nanoTime() > deadline) {
                throw new LaunchException("Kafka did not listen on " + config.kafkaPort() + " within "
                        + timeout.toSeconds() + " s:\n" + Processes.tail(log(), 20), pid);
            }
            Processes.sleep(200);
        }
        createTopics(pid);
    }

    private void createTopics(long pid) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<Topics.TopicSpec> wanted = new java.util.ArrayList<>(Topics.ALL);
            wanted.add(new Topics.TopicSpec(Topics.BENCH_HOPS, Topics.PARTITIONS));
            List<NewTopic> missing = wanted.stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new LaunchException("Kafka started but topics could not be created: " + e.getMessage(), pid);
        }
    }

    /** True when the broker answers a metadata request. */
    boolean healthy() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
    }

    /**
     * Kafka's own generator: it never starts an id with '-', which the storage tool would read as an option
     * (a plain base64 UUID does, once in 64 formats).
     */
    static String clusterId() {
        return Uuid.randomUuid().toString();
    }

    private String serverProperties(Path data) {
        int port = config.kafkaPort();
        int controller = config.kafkaControllerPort();
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controller,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data.toAbsolutePath(),
                "num.partitions=" + Topics.PARTITIONS,
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false",
                "log.retention.hours=24",
                "")
                + "\n";
    }

    private Path log4jConfig() throws IOException {
        Path file = home.resolve("log4j2.properties");
        Files.writeString(file, String.join("\n",
                "rootLogger.level=WARN",
                "rootLogger.appenderRef.console.ref=console",
                "appender.console.type=Console",
                "appender.console.name=console",
                "appender.console.layout.type=PatternLayout",
                "appender.console.layout.pattern=%d{ISO8601} %-5p [%c{1}] %m%n",
                "logger.kafka.name=kafka.server.KafkaRaftServer",
                "logger.kafka.level=INFO",
                ""));
        return file;
    }
}
