package io.vigil.enrichment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vigil.contracts.ScoredTransaction;
import io.vigil.contracts.Topics;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.TestKafka;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class KafkaIngestionTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    ObjectMapper json;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;
    private String tenant;
    private final Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        api = new Api(json);
        tenant = "t-" + UUID.randomUUID();
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    @Test
    void aTransactionPushedOnKafkaIsScoredAndPublished() {
        try (TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            Transaction tx = Tx.of(tenant, "w-k1", "k-1", t0).amount("12.34").build();
            TestKafka.produce(Topics.TRANSACTIONS, tx.walletId(), api.write(tx));

            ConsumerRecord<String, String> record = scored.await(r -> r.value().contains(tenant), WAIT);
            ScoredTransaction published = api.read(record.value(), ScoredTransaction.class);
            assertEquals(tx, published.transaction());
            assertEquals("w-k1", record.key());
            assertEquals(MlEngineWireMock.MODEL, published.modelVersion());
            assertEquals(12.34, published.features().amount());
        }
    }

    @Test
    void badEventsGoToTheDeadLetterTopicAndTheNextGoodOneIsProcessed() {
        try (TestKafka.Watcher dlq = TestKafka.watch(Topics.TRANSACTIONS_DLQ);
                TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            String wallet = "w-dlq-" + UUID.randomUUID();
            TestKafka.produce(Topics.TRANSACTIONS, wallet, "{not json at all");
            Transaction invalid = Tx.of(tenant, wallet, "k-bad", t0).amount("-5.00").build();
            TestKafka.produce(Topics.TRANSACTIONS, wallet, api.write(invalid));
            Transaction good = Tx.of(tenant, wallet, "k-good", t0.plusSeconds(1)).build();
            TestKafka.produce(Topics.TRANSACTIONS, wallet, api.write(good));

            ConsumerRecord<String, String> garbage = dlq.await(r -> r.value().equals("{not json at all"), WAIT);
            assertEquals(wallet, garbage.key());
            assertTrue(TestKafka.header(garbage, Topics.DLQ_REASON_HEADER).startsWith("undeserializable"));

            ConsumerRecord<String, String> rejected = dlq.await(r -> r.value().contains("k-bad"), WAIT);
            String reason = TestKafka.header(rejected, Topics.DLQ_REASON_HEADER);
            assertTrue(reason.startsWith("invalid: ") && reason.contains("amount"), reason);

            ConsumerRecord<String, String> processed = scored.await(r -> r.value().contains("k-good")
                    && r.value().contains(tenant), WAIT);
            assertEquals(wallet, processed.key());
        }
    }

    @Test
    void binaryRecordsTooLargeToSendWholeAreDeadLetteredCutAndTheNextGoodOneIsProcessed() {
        try (TestKafka.Watcher dlq = TestKafka.watch(Topics.TRANSACTIONS_DLQ);
                TestKafka.Watcher scored = TestKafka.watch(Topics.SCORED)) {
            String wallet = "w-big-" + UUID.randomUUID();
            byte[] binary = new byte[400_000];
            Arrays.fill(binary, (byte) 0xFF);
            TestKafka.produceBytes(Topics.TRANSACTIONS, wallet.getBytes(StandardCharsets.UTF_8), binary);
            byte[] binaryKey = Arrays.copyOf(binary, 350_000);
            TestKafka.produceBytes(Topics.TRANSACTIONS, binaryKey, wallet.getBytes(StandardCharsets.UTF_8));
            Transaction good = Tx.of(tenant, wallet, "k-after-big", t0).build();
            TestKafka.produce(Topics.TRANSACTIONS, wallet, api.write(good));

            // read as text every byte became U+FFFD, three bytes each: past the producer's 1 MiB
            ConsumerRecord<String, String> bigValue = dlq.await(r -> wallet.equals(r.key()), WAIT);
            assertEquals("1200000", TestKafka.header(bigValue, Topics.DLQ_TRUNCATED_HEADER));
            assertTrue(bigValue.value().length() < binary.length);
            ConsumerRecord<String, String> bigKey = dlq.await(r -> wallet.equals(r.value()), WAIT);
            assertEquals("1050000", TestKafka.header(bigKey, Topics.DLQ_KEY_TRUNCATED_HEADER));

            scored.await(r -> r.value().contains("k-after-big") && r.value().contains(tenant), WAIT);
        }
    }
}
