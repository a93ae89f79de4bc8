package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class OutboxSweepTest {

    @Inject
    Pool pool;

    @Test
    void aRowLeftUnsentByACrashIsPublishedByTheSweepAndDeleted() {
        String payload = "{\"left-behind\":\"" + UUID.randomUUID() + "\"}";
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            long id = pool.preparedQuery("INSERT INTO outbox (topic, message_key, payload, created_at)"
                            + " VALUES ($1, $2, $3, now() - interval '1 minute') RETURNING id")
                    .execute(Tuple.of(Topics.SCORED, "w-crash", payload))
                    .await().indefinitely().iterator().next().getLong("id");

            ConsumerRecord<String, String> record = scored.await(r -> r.value().equals(payload), Duration.ofSeconds(20));
            assertEquals("w-crash", record.key());

            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            boolean deleted = false;
            while (!deleted && System.nanoTime() < deadline) {
                deleted = pool.preparedQuery("SELECT count(*) FROM outbox WHERE id = $1")
                        .execute(Tuple.of(id)).await().indefinitely().iterator().next().getLong(0) == 0;
            }
            assertEquals(true, deleted);
        }
    }
}
