package io.vigil.testsupport;

import io.vigil.contracts.Topics;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.common.utils.Exit;

/**
 * A real single-node KRaft broker inside the test JVM, started once per JVM and shared by every
 * test in it (each test uses its own consumer group ids). Dies with the JVM, so no process is left.
 *
 * <p>The broker's directory is ours, not the test kit's default: that default registers its own
 * shutdown hook deleting the directory, which races the broker's shutdown in ours; a broker whose
 * only log directory vanishes calls {@code Exit.halt(1)}, and surefire then fails the module
 * ("Error occurred in starting fork") although every test passed.
 */
public final class InJvmKafka {

    private static KafkaClusterTestKit cluster;

    private InJvmKafka() {}

    /** Starts the broker on first use, creates the platform's topics, returns the bootstrap servers. */
    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            try {
                KafkaClusterTestKit kit = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                                .setBaseDirectory(Files.createTempDirectory("vigil-test-kafka-"))
                                .setCombined(true)
                                .setNumBrokerNodes(1)
                                .setNumControllerNodes(1)
                                .build())
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .build();
                kit.format();
                kit.startup();
                kit.waitForReadyBrokers();
                cluster = kit;
                createTopics(kit.bootstrapServers());
                Runtime.getRuntime().addShutdownHook(new Thread(InJvmKafka::close, "in-jvm-kafka-stop"));
            } catch (Exception e) {
                throw new IllegalStateException("in-JVM Kafka broker failed to start", e);
            }
        }
        return cluster.bootstrapServers();
    }

    private static void createTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t.name(), t.partitions(), (short) 1))
                    .toList();
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static synchronized void close() {
        if (cluster != null) {
            // a fault while the JVM exits must not turn a passing run's exit status into 1
            Exit.setHaltProcedure((status, message) -> {});
            Exit.setExitProcedure((status, message) -> {});
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting; close() has deleted the broker's directory or tried to
            }
            cluster = null;
        }
    }
}
