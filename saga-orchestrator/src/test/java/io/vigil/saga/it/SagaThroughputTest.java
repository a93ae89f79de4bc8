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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * A quick measurement, printed rather than asserted (the machine is shared): sagas per second through
 * scored event, history command and reply, and published decision, and scored-to-published latency.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
class SagaThroughputTest {

    private static final int SAGAS = 300;
    private static final int WALLETS = 30;

    @Inject
    ObjectMapper json;

    @Test
    void measuresSagasPerSecondAndScoredToPublishedLatency() {
        String run = "perf-" + UUID.randomUUID().toString().substring(0, 8);
        Set<String> ours = ConcurrentHashMap.newKeySet();
        try (KafkaTestClient kafka = new KafkaTestClient(json);
                KafkaTestClient.Collector participant = KafkaTestClient.collect(Topics.HISTORY_COMMANDS, record -> {
                    HistoryCommand command = kafka.read(record, HistoryCommand.class);
                    if (ours.contains(command.sagaId()) && command.type() == HistoryCommand.Type.RECORD) {
                        kafka.sendAsync(Topics.HISTORY_REPLIES, command.walletId(), new HistoryReply(
                                command.commandId(), command.sagaId(), command.type(), true, null));
                    }
                });
                KafkaTestClient.Collector decisions = KafkaTestClient.collect(Topics.DECISIONS)) {
            List<ScoredTransaction> events = new ArrayList<>();
            for (int i = 0; i < SAGAS; i++) {
                String tx = run + "-" + i;
                ours.add(tx);
                events.add(Fixtures.scored("acme", tx, run + "-w" + (i % WALLETS), Decision.APPROVE));
            }
            long start = System.nanoTime();
            for (ScoredTransaction e : events) {
                kafka.send(Topics.SCORED, e.transaction().walletId(),
                        new ScoredTransaction(e.transaction(), e.features(), e.decision(), e.score(), e.reasons(),
                                e.modelVersion(), e.degraded(), Instant.now(), e.traceId()));
            }
            KafkaTestClient.await("all decisions", () -> Optional.of(
                            decisions.matching(r -> r.value().contains(run)).size())
                    .filter(n -> n >= SAGAS));
            double seconds = (System.nanoTime() - start) / 1e9;

            List<Long> latencies = new ArrayList<>();
            decisions.matching(r -> r.value().contains(run)).forEach(r -> {
                Instant scoredAt = Instant.parse(KafkaTestClient.header(r, "vigil-scored-at"));
                latencies.add(Duration.between(scoredAt, Instant.ofEpochMilli(r.timestamp())).toMillis());
            });
            Collections.sort(latencies);
            assertEquals(SAGAS, latencies.size());
            System.out.printf("SAGA THROUGHPUT: %d sagas in %.2f s = %.1f sagas/s; scored-to-published p50 %d ms,"
                            + " p99 %d ms, max %d ms%n",
                    SAGAS, seconds, SAGAS / seconds, latencies.get(SAGAS / 2), latencies.get(SAGAS * 99 / 100),
                    latencies.get(SAGAS - 1));
        }
    }
}
