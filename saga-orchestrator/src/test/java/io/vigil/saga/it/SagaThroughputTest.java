package io.vigil.saga.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Decision;
import io.vigil.contracts.HistoryCommand;
import io.vigil.contracts.HistoryReply;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.saga.service.Fixtures;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A measurement, printed rather than asserted (the machine is shared): APPROVE sagas through scored
 * event, history command, reply and published decision. Offered open-loop at a fixed rate (the
 * product target is 1,000/s), then as one burst; prints sagas per second and the scored-to-published
 * latency (scoredAt to the decision record's timestamp).
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
class SagaThroughputTest {

    private static final int WARM_UP = 500;
    private static final int OFFERED = 3_000;
    private static final int RATE_PER_SECOND = 1_000;
    private static final int BURST = 2_000;
    private static final int WALLETS = 200;

    @Inject
    ObjectMapper json;

    private final Set<String> ours = ConcurrentHashMap.newKeySet();

    @Test
    void measuresSagasPerSecondAndScoredToPublishedLatency() {
        try (KafkaTestClient kafka = new KafkaTestClient(json);
                KafkaTestClient.Collector participant = KafkaTestClient.collect(Topics.HISTORY_COMMANDS, record -> {
                    HistoryCommand command = kafka.read(record, HistoryCommand.class);
                    if (ours.contains(command.transactionId()) && command.type() == HistoryCommand.Type.RECORD) {
                        kafka.sendAsync(Topics.HISTORY_REPLIES, command.walletId(), new HistoryReply(
                                command.commandId(), command.sagaId(), command.type(), true, null));
                    }
                });
                KafkaTestClient.Collector decisions = KafkaTestClient.collect(Topics.DECISIONS)) {
            run(kafka, decisions, "warm-up", WARM_UP, RATE_PER_SECOND);
            run(kafka, decisions, "open-loop " + RATE_PER_SECOND + "/s", OFFERED, RATE_PER_SECOND);
            run(kafka, decisions, "burst", BURST, 0);
        }
    }

    /** Offers {@code count} sagas at {@code ratePerSecond} (0: all at once) and prints what came out. */
    private void run(KafkaTestClient kafka, KafkaTestClient.Collector decisions, String label, int count,
            int ratePerSecond) {
        String run = "perf-" + UUID.randomUUID().toString().substring(0, 8);
        List<ScoredTransaction> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String tx = run + "-" + i;
            ours.add(tx);
            events.add(Fixtures.scored("acme", tx, run + "-w" + (i % WALLETS), Decision.APPROVE));
        }
        long cpuBefore = cpuNanos();
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (ratePerSecond > 0) {
                long due = start + TimeUnit.SECONDS.toNanos(i) / ratePerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            ScoredTransaction e = events.get(i);
            kafka.sendAsync(Topics.SCORED, e.transaction().walletId(),
                    new ScoredTransaction(e.transaction(), e.features(), e.decision(), e.score(), e.reasons(),
                            e.modelVersion(), e.degraded(), Instant.now(), e.traceId()));
        }
        double offeredSeconds = (System.nanoTime() - start) / 1e9;
        KafkaTestClient.await("all decisions of " + label, Duration.ofSeconds(180), () -> Optional.of(
                        decisions.matching(r -> r.value().contains(run)).size())
                .filter(n -> n >= count));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillisPerSaga = (cpuNanos() - cpuBefore) / 1e6 / count;

        List<Long> latencies = new ArrayList<>();
        decisions.matching(r -> r.value().contains(run)).forEach(r -> {
            Instant scoredAt = Instant.parse(KafkaTestClient.header(r, "vigil-scored-at"));
            latencies.add(Duration.between(scoredAt, Instant.ofEpochMilli(r.timestamp())).toMillis());
        });
        Collections.sort(latencies);
        assertEquals(count, latencies.size());
        System.out.printf("SAGA THROUGHPUT [%s]: %d sagas offered in %.2f s, all published after %.2f s = %.0f sagas/s;"
                        + " scored-to-published p50 %d ms, p99 %d ms, max %d ms; test JVM CPU %.2f ms/saga"
                        + " (load average %.2f)%n",
                label, count, offeredSeconds, seconds, count / seconds, latencies.get(count / 2),
                latencies.get(count * 99 / 100), latencies.get(count - 1), cpuMillisPerSaga,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    /** CPU time of this JVM: the service, but also the in-JVM broker and the test's own clients. */
    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
