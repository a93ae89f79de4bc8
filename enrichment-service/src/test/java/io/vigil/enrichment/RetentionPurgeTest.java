package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vigil.contracts.Topics;
import io.vigil.enrichment.messaging.RetentionPurge;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Retention P3D for outbox rows marked sent, P8D for processed commands; the purge deletes in chunks of 2 here. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class RetentionPurgeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DAY = 24;

    @Inject
    Pool pool;

    @Inject
    RetentionPurge purge;

    @Inject
    Scheduler scheduler;

    @Test
    void outboxRowsMarkedSentPastTheRetentionAreDeletedWhileRecentAndUnsentOnesStay() {
        // paused, the relay's sweep cannot publish the unsent rows, and so delete them, before the purge runs
        scheduler.pause();
        List<Long> inserted = new ArrayList<>();
        try {
            List<Long> sentFourDaysAgo = IntStream.range(0, 5).mapToObj(i -> outboxRow(4 * DAY, 4 * DAY)).toList();
            long sentTwoDaysAgo = outboxRow(3 * DAY, 2 * DAY);
            long sentAnHourAgo = outboxRow(1, 1);
            long unsentForTenDays = outboxRow(10 * DAY, null);
            long unsentForAnHour = outboxRow(1, null);
            inserted.addAll(sentFourDaysAgo);
            inserted.addAll(List.of(sentTwoDaysAgo, sentAnHourAgo, unsentForTenDays, unsentForAnHour));

            purge.purge().await().atMost(WAIT);

            assertEquals(Set.of(sentTwoDaysAgo, sentAnHourAgo, unsentForTenDays, unsentForAnHour),
                    remainingOutboxRows(inserted));
        } finally {
            // leaves the relay no stale rows of this test to publish once it resumes
            pool.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                    .execute(Tuple.of(inserted.toArray(Long[]::new))).await().atMost(WAIT);
            scheduler.resume();
        }
    }

    @Test
    void commandsAppliedLongerAgoThanTheRetentionAreForgottenAndRecentOnesRemembered() {
        String tenant = "t-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            processedCommand(tenant, "nine-days-ago-" + i, 9 * DAY);
        }
        processedCommand(tenant, "a-week-ago", 7 * DAY);
        processedCommand(tenant, "an-hour-ago", 1);

        purge.purge().await().atMost(WAIT);

        assertEquals(Set.of("a-week-ago", "an-hour-ago"), remainingCommands(tenant));
    }

    /** A row created, and sent unless {@code sentHoursAgo} is null, so many hours ago; its id. */
    private long outboxRow(int createdHoursAgo, Integer sentHoursAgo) {
        return pool.preparedQuery("INSERT INTO outbox (topic, message_key, payload, created_at, sent_at)"
                        + " VALUES ($1, $2, $3, now() - make_interval(hours => $4), now() - make_interval(hours => $5))"
                        + " RETURNING id")
                .execute(Tuple.of(Topics.SCORED, "w-purge", "{}", createdHoursAgo, sentHoursAgo))
                .await().atMost(WAIT).iterator().next().getLong("id");
    }

    private Set<Long> remainingOutboxRows(List<Long> ids) {
        Set<Long> remaining = new HashSet<>();
        pool.preparedQuery("SELECT id FROM outbox WHERE id = ANY($1)")
                .execute(Tuple.of(ids.toArray(Long[]::new))).await().atMost(WAIT)
                .forEach(row -> remaining.add(row.getLong("id")));
        return remaining;
    }

    private void processedCommand(String tenant, String commandId, int hoursAgo) {
        pool.preparedQuery("INSERT INTO processed_message (tenant, message_id, reply, processed_at)"
                        + " VALUES ($1, $2, '{}', now() - make_interval(hours => $3))")
                .execute(Tuple.of(tenant, commandId, hoursAgo)).await().atMost(WAIT);
    }

    private Set<String> remainingCommands(String tenant) {
        Set<String> remaining = new HashSet<>();
        pool.preparedQuery("SELECT message_id FROM processed_message WHERE tenant = $1")
                .execute(Tuple.of(tenant)).await().atMost(WAIT)
                .forEach(row -> remaining.add(row.getString("message_id")));
        return remaining;
    }
}
