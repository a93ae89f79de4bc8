package io.vigil.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithPath;
import au.com.dius.pact.consumer.dsl.PactDslRequestWithoutPath;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.Channel;
import io.vigil.contracts.Decision;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import io.vigil.gateway.UpstreamsResource;
import io.vigil.gateway.model.Caller;
import io.vigil.gateway.model.Decided;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the gateway needs from enrichment-service's internal API, exercised through the real
 * {@link EnrichmentApi} REST client (same JSON mapping and error mapping as in production), decisions through
 * {@link EnrichmentClient} too, which reads the replay header. enrichment-service answers retries under an
 * Idempotency-Key, so the decisions are a fresh one, a replayed one and a key reused with another body. Writes
 * {@code contracts/pacts/gateway-enrichment-service.json}, verified by enrichment-service.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "enrichment-service", pactVersion = PactSpecVersion.V4)
class EnrichmentPactTest {

    static final String TENANT = "pact-gateway";
    private static final String TENANT_PATTERN = "[A-Za-z0-9._:@-]+";
    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
    private static final Instant OCCURRED_AT = Instant.parse("2026-01-15T10:30:00Z");
    /** What the gateway accepts as a key: 1 to 255 visible ASCII characters. */
    private static final String IDEMPOTENCY_KEY_PATTERN = "[!-~]{1,255}";
    /** enrichment-service stores tx-gw-2, decided from {@code transactionBody("tx-gw-2")}, under key-gw-2. */
    private static final String DECIDED_UNDER_KEY_GW_2 =
            "transaction tx-gw-2 of tenant pact-gateway has been decided under Idempotency-Key key-gw-2";
    private static final Caller CALLER = new Caller(TENANT, "analyst-1", "standard", "corr-1");

    @Inject
    ObjectMapper json;

    /** A fresh decision: no {@code Idempotent-Replayed} header is expected in the answer. */
    @Pact(consumer = "gateway")
    V4Pact decideOnATransaction(PactDslWithProvider builder) {
        return decisionRequest(builder.uponReceiving("a request for a decision on a transaction"), "tx-gw-new")
                .matchHeader(Headers.IDEMPOTENCY_KEY, IDEMPOTENCY_KEY_PATTERN, "key-gw-new")
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(decisionBody("tx-gw-new"))
                .toPact(V4Pact.class);
    }

    /** The key is exact: the provider state stored the decision under it, for this very body. */
    @Pact(consumer = "gateway")
    V4Pact retryADecisionUnderTheSameKey(PactDslWithProvider builder) {
        return decisionRequest(builder.given(DECIDED_UNDER_KEY_GW_2)
                        .uponReceiving("a retried request for a decision with the same Idempotency-Key and body"),
                        "tx-gw-2")
                .headers(Headers.IDEMPOTENCY_KEY, "key-gw-2")
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .headers(Map.of(Headers.IDEMPOTENT_REPLAYED, "true"))
                .body(decisionBody("tx-gw-2"))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact reuseAKeyWithAnotherTransaction(PactDslWithProvider builder) {
        return decisionRequest(builder.given(DECIDED_UNDER_KEY_GW_2)
                        .uponReceiving("a request for a decision reusing an Idempotency-Key with another transaction"),
                        "tx-gw-3")
                .headers(Headers.IDEMPOTENCY_KEY, "key-gw-2")
                .willRespondWith()
                .status(409)
                .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
                .body(new PactDslJsonBody()
                        .stringType("title", "Idempotency-Key reused")
                        .integerType("status", 409))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact readAScoredTransaction(PactDslWithProvider builder) {
        return builder
                .given("transaction tx-gw-1 of tenant pact-gateway has been scored")
                .uponReceiving("a request for a scored transaction of the caller's tenant")
                .method("GET")
                .path("/v1/transactions/tx-gw-1")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(decisionBody("tx-gw-1"))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact readAnUnknownTransaction(PactDslWithProvider builder) {
        return builder
                .given("tenant pact-gateway has no transaction tx-gw-unknown")
                .uponReceiving("a request for a transaction the caller's tenant does not have")
                .method("GET")
                .path("/v1/transactions/tx-gw-unknown")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(404)
                .matchHeader("Content-Type", "application/problem\\+json.*", "application/problem+json")
                .body(new PactDslJsonBody()
                        .stringType("title", "Not Found")
                        .integerType("status", 404))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact readWalletFeatures(PactDslWithProvider builder) {
        return builder
                .given("wallet w-gw-1 of tenant pact-gateway has history")
                .uponReceiving("a request for the current features of a wallet")
                .method("GET")
                .path("/v1/wallets/w-gw-1/features")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(featuresBody(new PactDslJsonBody()))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "decideOnATransaction")
    void theClientSendsTheTransactionAndReadsAFreshDecision(MockServer enrichment) {
        Decided decided = client(enrichment)
                .decide(CALLER, "key-gw-new", transaction("tx-gw-new"))
                .await().atMost(Duration.ofSeconds(30));

        assertPassedOn("tx-gw-new", decided);
        assertFalse(decided.replayed());
    }

    @Test
    @PactTestFor(pactMethod = "retryADecisionUnderTheSameKey")
    void aRetryUnderTheSameKeyReadsTheStoredDecisionAsReplayed(MockServer enrichment) {
        Decided decided = client(enrichment)
                .decide(CALLER, "key-gw-2", transaction("tx-gw-2"))
                .await().atMost(Duration.ofSeconds(30));

        assertPassedOn("tx-gw-2", decided);
        assertTrue(decided.replayed());
    }

    @Test
    @PactTestFor(pactMethod = "reuseAKeyWithAnotherTransaction")
    void aKeyReusedWithAnotherTransactionBecomesAClientErrorCarryingThe409(MockServer enrichment) {
        EnrichmentClient client = client(enrichment);

        UpstreamClientException error = assertThrows(UpstreamClientException.class,
                () -> client.decide(CALLER, "key-gw-2", transaction("tx-gw-3"))
                        .await().atMost(Duration.ofSeconds(30)));

        assertEquals(409, error.status());
        assertEquals("Idempotency-Key reused", error.problem().title());
    }

    @Test
    @PactTestFor(pactMethod = "readAScoredTransaction")
    void theClientReadsAStoredDecision(MockServer enrichment) {
        DecisionResponse response = api(enrichment)
                .transaction(TENANT, "analyst-1", "corr-1", "tx-gw-1")
                .await().atMost(Duration.ofSeconds(30));

        assertDecision("tx-gw-1", response);
    }

    @Test
    @PactTestFor(pactMethod = "readAnUnknownTransaction")
    void anUnknownTransactionBecomesAClientErrorCarryingTheProblem(MockServer enrichment) {
        EnrichmentApi api = api(enrichment);

        UpstreamClientException error = assertThrows(UpstreamClientException.class,
                () -> api.transaction(TENANT, "analyst-1", "corr-1", "tx-gw-unknown")
                        .await().atMost(Duration.ofSeconds(30)));

        assertEquals(404, error.status());
        assertEquals("Not Found", error.problem().title());
    }

    @Test
    @PactTestFor(pactMethod = "readWalletFeatures")
    void theClientReadsEveryFeatureOfTheWallet(MockServer enrichment) {
        Features features = api(enrichment)
                .features(TENANT, "analyst-1", "corr-1", "w-gw-1")
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(250.0, features.amount());
        assertEquals(5, features.count24h());
        assertEquals(3600, features.secondsSinceLast());
        assertTrue(features.newDevice());
        assertEquals(10, features.hourOfDay());
    }

    private static EnrichmentApi api(MockServer enrichment) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(enrichment.getUrl()))
                .build(EnrichmentApi.class);
    }

    /** The decision goes through the client, which reads the replay header and checks the body. */
    private static EnrichmentClient client(MockServer enrichment) {
        return new EnrichmentClient(api(enrichment));
    }

    /** The gateway reads the id and decision out of the body and passes the whole body on as it came. */
    private void assertPassedOn(String transactionId, Decided decided) {
        assertEquals(transactionId, decided.transactionId());
        assertEquals(Decision.APPROVE, decided.decision());
        try {
            assertDecision(transactionId, json.readValue(decided.body(), DecisionResponse.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertDecision(String transactionId, DecisionResponse response) {
        assertEquals(transactionId, response.transactionId());
        assertEquals(Decision.APPROVE, response.decision());
        assertEquals(0.12, response.score());
        assertEquals("amount", response.reasons().get(0).code());
        assertEquals("test-model-7", response.modelVersion());
        assertEquals(250.0, response.features().amount());
        assertFalse(response.degraded());
        assertEquals(transactionId, response.sagaId());
    }

    private static Transaction transaction(String id) {
        return new Transaction(TENANT, id, "w-gw-1", new BigDecimal("250.00"), "EUR", "m-1", "5411", Channel.ECOM,
                "FR", "dev-1", "10.0.0.1", OCCURRED_AT);
    }

    /** POST /v1/decisions of the transaction, for the tenant; each interaction adds the key as it expects it. */
    private static PactDslRequestWithPath decisionRequest(PactDslRequestWithoutPath request, String transactionId) {
        return request
                .method("POST")
                .path("/v1/decisions")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(transactionBody(transactionId));
    }

    private static PactDslJsonBody transactionBody(String id) {
        return new PactDslJsonBody()
                .stringMatcher("tenant", TENANT_PATTERN, TENANT)
                .stringValue("transactionId", id)
                .stringType("walletId", "w-gw-1")
                .decimalType("amount", 250.00)
                .stringMatcher("currency", "[A-Z]{3}", "EUR")
                .stringType("merchantId", "m-1")
                .stringMatcher("merchantCategory", "\\d{4}", "5411")
                .stringMatcher("channel", "CARD_PRESENT|ECOM|TRANSFER|ATM|MOTO|WALLET", "ECOM")
                .stringMatcher("country", "[A-Z]{2}", "FR")
                .stringType("deviceId", "dev-1")
                .stringType("ipAddress", "10.0.0.1")
                .stringMatcher("occurredAt", ISO_INSTANT, "2026-01-15T10:30:00Z");
    }

    /** The decision as the gateway reads it; ids are exact because the saga id is the transaction id. */
    private static PactDslJsonBody decisionBody(String id) {
        PactDslJsonBody body = new PactDslJsonBody()
                .stringValue("transactionId", id)
                .stringMatcher("decision", "APPROVE|REVIEW|DECLINE", "APPROVE")
                .numberType("score", 0.12)
                .stringType("modelVersion", "test-model-7")
                .integerType("latencyMs", 12)
                .booleanType("degraded", false)
                .stringValue("sagaId", id);
        body.eachLike("reasons")
                .stringType("code", "amount")
                .stringType("detail", "amount")
                .numberType("weight", 0.01)
                .closeObject()
                .closeArray();
        featuresBody(body.object("features")).closeObject();
        return body;
    }

    /** Every feature, by type, in the order of {@link Features#NAMES}. */
    private static PactDslJsonBody featuresBody(PactDslJsonBody features) {
        return features
                .numberType("amount", 250.0)
                .integerType("count1h", 2)
                .integerType("count24h", 5)
                .integerType("count7d", 12)
                .numberType("sum1h", 80.0)
                .numberType("sum24h", 300.0)
                .numberType("sum7d", 900.0)
                .numberType("amountMean30d", 60.0)
                .numberType("amountStd30d", 25.0)
                .numberType("amountZScore", 7.6)
                .integerType("distinctMerchants24h", 3)
                .integerType("distinctCountries24h", 1)
                .integerType("distinctDevices7d", 2)
                .integerType("secondsSinceLast", 3600)
                .booleanType("newDevice", true)
                .booleanType("newCountry", false)
                .booleanType("newMerchant", true)
                .numberType("walletAgeDays", 120.5)
                .integerType("declined24h", 0)
                .integerType("fraud30d", 0)
                .numberType("merchantFraudRate", 0.01)
                .integerType("hourOfDay", 10);
    }
}
