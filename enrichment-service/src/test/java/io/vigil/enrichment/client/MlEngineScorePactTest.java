package io.vigil.enrichment.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Headers;
import io.vigil.contracts.ScoreResult;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What enrichment-service needs from ml-engine's {@code POST /v1/score}, exercised through the real
 * {@link MlEngineApi} REST client (same JSON mapping as in production). Writes
 * {@code contracts/pacts/enrichment-service-ml-engine.json}, verified by ml-engine.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "ml-engine", pactVersion = PactSpecVersion.V4)
class MlEngineScorePactTest {

    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
    private static final Instant OCCURRED_AT = Instant.parse("2026-01-15T10:30:00Z");

    @Pact(consumer = "enrichment-service")
    V4Pact scoreAnEnrichedTransaction(PactDslWithProvider builder) {
        return builder
                .given("the champion model is loaded")
                .uponReceiving("a request to score an enriched transaction")
                .method("POST")
                .path("/v1/score")
                .matchHeader(Headers.TENANT, "[A-Za-z0-9._:@-]+", "tenant-a")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(enrichedTransactionBody())
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(scoreResultBody())
                .toPact(V4Pact.class);
    }

    private static PactDslJsonBody scoreResultBody() {
        PactDslJsonBody body = new PactDslJsonBody()
                .decimalType("score", 0.42)
                .stringMatcher("decision", "APPROVE|REVIEW|DECLINE", "REVIEW")
                .stringType("modelVersion", "vigil-fraud-lr-1");
        body.minArrayLike("reasons", 1)
                .stringType("code", "amountZScore")
                .stringType("detail", "amount far above the wallet's usual")
                .decimalType("weight", 1.25)
                .closeObject()
                .closeArray();
        return body;
    }

    @Test
    void theClientReadsTheScoreDecisionReasonsAndModelVersion(MockServer mlEngine) {
        MlEngineApi api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(mlEngine.getUrl()))
                .build(MlEngineApi.class);

        ScoreResult result = api.score("tenant-a", enriched()).await().atMost(Duration.ofSeconds(30));

        assertEquals(0.42, result.score());
        assertEquals(Decision.REVIEW, result.decision());
        assertEquals("amountZScore", result.reasons().get(0).code());
        assertEquals(1.25, result.reasons().get(0).weight());
        assertEquals("vigil-fraud-lr-1", result.modelVersion());
    }

    private static EnrichedTransaction enriched() {
        Features features = new Features(250.0, 2, 5, 12, 80.0, 300.0, 900.0, 60.0, 25.0, 7.6, 3, 1, 2, 3600, true,
                false, true, 120.5, 0, 0, 0.01, 10);
        return new EnrichedTransaction(
                Tx.of("tenant-a", "w-1", "tx-1", OCCURRED_AT).amount("250.00").build(), features);
    }

    /** Every field the client sends, by type: ml-engine rejects a missing feature rather than reading it as 0. */
    private static PactDslJsonBody enrichedTransactionBody() {
        PactDslJsonBody body = new PactDslJsonBody();
        body.object("transaction")
                .stringType("tenant", "tenant-a")
                .stringType("transactionId", "tx-1")
                .stringType("walletId", "w-1")
                .decimalType("amount", 250.00)
                .stringMatcher("currency", "[A-Z]{3}", "EUR")
                .stringType("merchantId", "m-1")
                .stringMatcher("merchantCategory", "\\d{4}", "5411")
                .stringMatcher("channel", "CARD_PRESENT|ECOM|TRANSFER|ATM|MOTO|WALLET", "ECOM")
                .stringMatcher("country", "[A-Z]{2}", "FR")
                .stringType("deviceId", "dev-1")
                .stringType("ipAddress", "10.0.0.1")
                .stringMatcher("occurredAt", ISO_INSTANT, "2026-01-15T10:30:00Z")
                .closeObject();
        PactDslJsonBody features = body.object("features");
        Map<String, Object> example = Map.ofEntries(
                Map.entry("amount", 250.0), Map.entry("count1h", 2), Map.entry("count24h", 5),
                Map.entry("count7d", 12), Map.entry("sum1h", 80.0), Map.entry("sum24h", 300.0),
                Map.entry("sum7d", 900.0), Map.entry("amountMean30d", 60.0), Map.entry("amountStd30d", 25.0),
                Map.entry("amountZScore", 7.6), Map.entry("distinctMerchants24h", 3),
                Map.entry("distinctCountries24h", 1), Map.entry("distinctDevices7d", 2),
                Map.entry("secondsSinceLast", 3600), Map.entry("newDevice", true), Map.entry("newCountry", false),
                Map.entry("newMerchant", true), Map.entry("walletAgeDays", 120.5), Map.entry("declined24h", 0),
                Map.entry("fraud30d", 0), Map.entry("merchantFraudRate", 0.01), Map.entry("hourOfDay", 10));
        for (String name : Features.NAMES) {
            Object value = example.get(name);
            if (value instanceof Boolean b) {
                features.booleanType(name, b);
            } else if (value instanceof Double d) {
                features.decimalType(name, d);
            } else {
                features.integerType(name, ((Number) value).longValue());
            }
        }
        features.closeObject();
        return body;
    }
}
