package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.testsupport.InJvmKafka;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * A measurement, printed rather than asserted (the machine is shared): saga commands applied by the
 * history participant, with their replies published, per second, and command-to-reply latency.
 * Offered open-loop at the product's 1,000/s, then as one burst.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class HistoryParticipantThroughputTest {

    private static final int WARM_UP = 500;
    private static final int OFFERED = 3_000;
    private static final int RATE_PER_SECOND = 1_000;
    private static final int BURST = 2_000;
    private static final int WALLETS = 200;

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @Test
    void measuresCommandsPerSecondWithReplies() throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, InJvmKafka.bootstrapServers(),
                        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
                TestKafka.Watcher replies = TestKafka.watch(Topics.HISTORY_REPLIES)) {
            run(producer, replies, "warm-up", WARM_UP, RATE_PER_SECOND);
            run(producer, replies, "open-loop " + RATE_PER_SECOND + "/s", OFFERED, RATE_PER_SECOND);
            run(producer, replies, "burst", BURST, 0);
        }
    }

    /** Offers {@code count} RECORD commands at {@code ratePerSecond} (0: all at once) and prints what came back. */
    private void run(KafkaProducer<String, String> producer, TestKafka.Watcher replies, String label, int count,
            int ratePerSecond) throws Exception {
        String tenant = "perf-" + UUID.randomUUID().toString().substring(0, 8);
        seedPendingTransactions(tenant, count);
        List<String> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String tx = "tx-" + i;
            commands.add(json.writeValueAsString(new HistoryCommand(tenant + ":" + tx + ":history.record", tx,
                    HistoryCommand.Type.RECORD, tenant, tx, wallet(i), null)));
        }
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        Thread sender = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < count; i++) {
                if (ratePerSecond > 0) {
                    long wait = start + TimeUnit.SECONDS.toNanos(i) / ratePerSecond - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                sentAt.put(tenant + ":tx-" + i + ":history.record", System.currentTimeMillis());
                producer.send(new ProducerRecord<>(Topics.HISTORY_COMMANDS, wallet(i), commands.get(i)));
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        List<ConsumerRecord<String, String>> ours = List.of();
        while (ours.size() < count && System.nanoTime() < deadline) {
            ours = replies.collect(r -> r.value().contains(tenant), Duration.ofMillis(200));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillisPerCommand = (cpuNanos() - cpuBefore) / 1e6 / count;
        sender.join();
        assertEquals(count, ours.size(), "every command answered once");

        List<Long> latencies = new ArrayList<>(count);
        for (ConsumerRecord<String, String> r : ours) {
            HistoryReply reply = json.readValue(r.value(), HistoryReply.class);
            assertTrue(reply.success(), reply.reason());
            latencies.add(r.timestamp() - sentAt.get(reply.commandId()));
        }
        Collections.sort(latencies);
        System.out.printf("HISTORY PARTICIPANT [%s]: %d RECORD commands, all replied after %.2f s = %.0f commands/s;"
                        + " command-to-reply p50 %d ms, p99 %d ms, max %d ms; test JVM CPU %.2f ms/command"
                        + " (load average %.2f)%n",
                label, count, seconds, count / seconds, latencies.get(count / 2), latencies.get(count * 99 / 100),
                latencies.get(count - 1), cpuMillisPerCommand,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private void seedPendingTransactions(String tenant, int count) {
        pool.preparedQuery("""
                        INSERT INTO wallet_transaction (tenant, transaction_id, wallet_id, occurred_at, amount, currency,
                            reference_amount, merchant_id, channel, country, decision, score, model_version, degraded,
                            response)
                        SELECT $1, 'tx-' || i, 'w-' || (i % $3), now() - interval '1 hour', 10, 'EUR', 10, 'm-1',
                            'ECOM', 'FR', 'APPROVE', 0.1, 'perf', false, '{}'::jsonb
                          FROM generate_series(0, $2 - 1) AS i
                        """)
                .execute(Tuple.of(tenant, count, WALLETS))
                .await().indefinitely();
    }

    private static String wallet(int i) {
        return "w-" + (i % WALLETS);
    }

    /** CPU time of this JVM: the service, but also the in-JVM broker and the test's own clients. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
