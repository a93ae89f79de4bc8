package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Headers;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class DecisionReplayTest {

    @Inject
    ObjectMapper json;

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    HistoryRepository history;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;
    private String tenant;
    private final Instant t0 = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        api = new Api(json);
        tenant = "t-" + UUID.randomUUID();
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    @Test
    void aReplayedTransactionIdReturnsTheStoredAnswerAndIsPublishedOnce() {
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            Transaction tx = Tx.of(tenant, "w-replay", "r-1", t0).amount("55.10").build();
            DecisionResponse first = api.decide(tx);
            assertEquals(MlEngineWireMock.MODEL, first.modelVersion());
            assertFalse(first.degraded());
            assertEquals("r-1", first.sagaId());

            DecisionResponse again = api.decide(Tx.of(tenant, "w-replay", "r-1", t0.plusSeconds(5))
                    .amount("999.00").build());
            assertEquals(first, again, "the stored answer, not a new decision");

            var record = scored.await(r -> r.value().contains("\"r-1\"") && r.value().contains(tenant),
                    Duration.ofSeconds(20));
            assertEquals("w-replay", record.key());
            ScoredTransaction published = api.read(record.value(), ScoredTransaction.class);
            assertEquals(first.features(), published.features());
            assertEquals(first.decision(), published.decision());

            assertPublishedOnce(scored, "r-1");
        }
    }

    @Test
    void concurrentDuplicatesAllGetTheWinnersAnswer() throws Exception {
        int n = 8;
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            List<CompletableFuture<DecisionResponse>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Transaction tx = Tx.of(tenant, "w-dup", "dup-1", t0).amount((i + 1) + ".00").build();
                futures.add(CompletableFuture.supplyAsync(() -> api.decide(tx), threads));
            }
            Set<DecisionResponse> answers = new HashSet<>();
            for (var f : futures) {
                answers.add(f.get());
            }
            assertEquals(1, answers.size(), "every caller gets the one stored answer");
            long rows = pool.preparedQuery("SELECT count(*) FROM wallet_transaction WHERE tenant = $1")
                    .execute(Tuple.of(tenant)).await().indefinitely().iterator().next().getLong(0);
            assertEquals(1, rows);
            assertPublishedOnce(scored, "dup-1");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aDecisionWhoseEventCannotBeWrittenLeavesNoHistoryRow() {
        Transaction tx = Tx.of(tenant, "w-atomic", "a-1", t0).build();
        DecisionResponse response = new DecisionResponse("a-1", Decision.APPROVE, 0.1, List.of(), "m", null, 1,
                false, "a-1");
        Uni<?> write = history.record(tx, tx.amount(), response, "{}", Topics.SCORED, null, null, null, null);

        assertThrows(PgException.class, () -> write.await().atMost(Duration.ofSeconds(10)),
                "the outbox row's NOT NULL payload fails the statement");
        long rows = pool.preparedQuery("SELECT count(*) FROM wallet_transaction WHERE tenant = $1")
                .execute(Tuple.of(tenant)).await().indefinitely().iterator().next().getLong(0);
        assertEquals(0, rows, "the history row went with it");
    }

    @Test
    void theSameKeyAndBodyAgainReplaysTheStoredAnswerMarkedAsReplayed() {
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            Transaction tx = Tx.of(tenant, "w-key", "k-1", t0).amount("55.10").build();
            Response first = api.decide(tx, "key-1");
            assertEquals(200, first.statusCode());
            assertNull(first.header(Headers.IDEMPOTENT_REPLAYED), "a fresh decision is no replay");

            Response again = api.decide(Tx.of(tenant, "w-key", "k-1", t0).amount("55.1").build(), "key-1");

            assertEquals(200, again.statusCode());
            assertEquals("true", again.header(Headers.IDEMPOTENT_REPLAYED));
            assertEquals(api.read(first.asString(), DecisionResponse.class),
                    api.read(again.asString(), DecisionResponse.class), "55.1 and 55.10 are the same payment");
            assertEquals(first.asString(), again.asString(), "the replay is the first answer's very text");
            assertEquals(1, historyRows(tenant));
            assertPublishedOnce(scored, "k-1");
        }
    }

    @Test
    void theSameKeyWithAnotherBodyIs409AndWritesNothing() {
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            assertEquals(200, api.decide(Tx.of(tenant, "w-key", "k-2", t0).build(), "key-2").statusCode());

            Response otherTransaction = api.decide(Tx.of(tenant, "w-key", "k-3", t0).build(), "key-2");
            Response otherAmount = api.decide(Tx.of(tenant, "w-key", "k-2", t0).amount("1.00").build(), "key-2");

            for (Response refused : List.of(otherTransaction, otherAmount)) {
                assertEquals(409, refused.statusCode());
                assertTrue(refused.contentType().startsWith("application/problem+json"));
                assertEquals("Idempotency-Key reused", refused.jsonPath().getString("title"));
            }
            assertEquals(1, historyRows(tenant), "k-3 was not recorded");
            assertPublishedOnce(scored, "k-2");
            assertEquals(List.of(), scored.collect(published("k-3"), Duration.ZERO), "nor published");
        }
    }

    @Test
    void concurrentDuplicatesUnderOneKeyAllGetTheWinnersAnswerAndOneIsNoReplay() throws Exception {
        int n = 8;
        Transaction tx = Tx.of(tenant, "w-key-dup", "k-dup", t0).build();
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            List<CompletableFuture<Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> api.decide(tx, "key-dup"), threads));
            }
            Set<DecisionResponse> answers = new HashSet<>();
            int fresh = 0;
            for (var f : futures) {
                Response answer = f.get();
                assertEquals(200, answer.statusCode());
                answers.add(api.read(answer.asString(), DecisionResponse.class));
                fresh += answer.header(Headers.IDEMPOTENT_REPLAYED) == null ? 1 : 0;
            }
            assertEquals(1, answers.size(), "every caller gets the one stored answer");
            assertEquals(1, fresh, "only the request whose write won decided");
            assertEquals(1, historyRows(tenant));
            assertPublishedOnce(scored, "k-dup");
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAlreadyDecidedTransactionUnderANewKeyReplaysItsAnswer() {
        Response first = api.decide(Tx.of(tenant, "w-key", "k-4", t0).build(), "key-4a");

        Response again = api.decide(Tx.of(tenant, "w-key", "k-4", t0).build(), "key-4b");

        assertEquals(200, again.statusCode());
        assertEquals("true", again.header(Headers.IDEMPOTENT_REPLAYED));
        assertEquals(first.asString(), again.asString());
        assertEquals(1, historyRows(tenant));
    }

    @Test
    void aKeyFirstUsedToReplayAnEarlierTransactionIsBoundToThatBody() {
        Transaction decided = Tx.of(tenant, "w-key", "k-6", t0).build();
        DecisionResponse keyless = api.decide(decided);
        assertEquals(200, api.decide(decided, "key-6").statusCode(), "replays the keyless decision");

        Response otherTransaction = api.decide(Tx.of(tenant, "w-key", "k-7", t0).build(), "key-6");
        Response sameBody = api.decide(decided, "key-6");

        assertEquals(409, otherTransaction.statusCode());
        assertEquals("Idempotency-Key reused", otherTransaction.jsonPath().getString("title"));
        assertEquals(200, sameBody.statusCode());
        assertEquals("true", sameBody.header(Headers.IDEMPOTENT_REPLAYED));
        assertEquals(keyless, api.read(sameBody.asString(), DecisionResponse.class));
        assertEquals(1, historyRows(tenant), "k-7 was not recorded");
        assertEquals(200, api.decide(Tx.of(tenant, "w-key", "k-7", t0).build(), "key-7").statusCode(),
                "under a key of its own it is decided");
    }

    @Test
    void aKeyBoundByOneReplayIsRefusedForTheReplayOfAnotherTransaction() {
        Transaction first = Tx.of(tenant, "w-key", "k-10", t0).build();
        Transaction second = Tx.of(tenant, "w-key", "k-11", t0).build();
        api.decide(first);
        api.decide(second);
        assertEquals(200, api.decide(first, "key-10").statusCode(), "binds key-10 to k-10's body");

        Response refused = api.decide(second, "key-10");

        assertEquals(409, refused.statusCode());
        assertEquals("Idempotency-Key reused", refused.jsonPath().getString("title"));
        assertEquals(200, api.decide(first, "key-10").statusCode());
    }

    @Test
    void aKeyTakenByADecisionBeforeItsReplayCouldBindItIsNotBoundTwice() {
        assertEquals(200, api.decide(Tx.of(tenant, "w-key", "k-8", t0).build(), "key-8a").statusCode());
        assertEquals(200, api.decide(Tx.of(tenant, "w-key", "k-9", t0).build(), "key-8b").statusCode());

        boolean bound = history.bindReplayedKey(tenant, "key-8b", "another body", "k-8").await().indefinitely();

        assertFalse(bound, "key-8b belongs to k-9's decision");
        assertEquals(409, api.decide(Tx.of(tenant, "w-key", "k-8", t0).build(), "key-8b").statusCode());
    }

    @Test
    void aMalformedKeyIs400AndWritesNothing() {
        Response refused = api.decide(Tx.of(tenant, "w-key", "k-5", t0).build(), "key with spaces");

        assertEquals(400, refused.statusCode());
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertEquals(0, historyRows(tenant));
    }

    private long historyRows(String tenant) {
        return pool.preparedQuery("SELECT count(*) FROM wallet_transaction WHERE tenant = $1")
                .execute(Tuple.of(tenant)).await().indefinitely().iterator().next().getLong(0);
    }

    /**
     * Exactly one scored event of the tenant's transaction reached Kafka. The relay deletes each outbox row
     * it published, so once none of the tenant's is left a second event would already be on its way.
     */
    private void assertPublishedOnce(TestKafka.Watcher scored, String transactionId) {
        scored.await(published(transactionId), Duration.ofSeconds(20));
        awaitOutboxDrained(tenant);
        assertEquals(1, scored.collect(published(transactionId), Duration.ofSeconds(2)).size(),
                "published exactly once");
    }

    private Predicate<ConsumerRecord<String, String>> published(String transactionId) {
        return r -> r.value().contains("\"" + transactionId + "\"") && r.value().contains(tenant);
    }

    private void awaitOutboxDrained(String tenant) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            long left = pool.preparedQuery("SELECT count(*) FROM outbox WHERE payload LIKE $1")
                    .execute(Tuple.of("%" + tenant + "%")).await().indefinitely().iterator().next().getLong(0);
            if (left == 0) {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("outbox row never published and deleted");
    }
}
