package io.vigil.enrichment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class FeaturesApiTest {

    @Inject
    ObjectMapper json;

    @Inject
    CircuitBreakerMaintenance breakers;

    @InjectWireMock
    WireMockServer mlEngine;

    private Api api;
    private String tenant;
    private final Instant t0 = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void setUp() {
        api = new Api(json);
        tenant = "t-" + UUID.randomUUID();
        MlEngineWireMock.healthy(mlEngine);
        breakers.resetAll();
    }

    private DecisionResponse post(Tx tx) {
        return api.decide(tx.build());
    }

    @Test
    void featuresOfATransactionReflectTheWalletsEarlierTransactions() {
        String w = "w-seq";
        Features first = post(Tx.of(tenant, w, "a1", t0).amount("10.00")).features();
        assertEquals(-1, first.secondsSinceLast());
        assertEquals(0, first.count24h());
        assertFalse(first.newDevice(), "a wallet's first transaction has nothing to compare with");

        post(Tx.of(tenant, w, "a2", t0.plusSeconds(600)).amount("20.00").merchant("m-2"));
        post(Tx.of(tenant, w, "a3", t0.plusSeconds(1200)).amount("30.00"));
        Features f = post(Tx.of(tenant, w, "a4", t0.plusSeconds(1800)).amount("200.00")
                        .device("dev-2").country("DE").merchant("m-3"))
                .features();

        assertEquals(200.0, f.amount());
        assertEquals(3, f.count1h());
        assertEquals(3, f.count24h());
        assertEquals(60.0, f.sum1h());
        assertEquals(60.0, f.sum24h());
        assertEquals(20.0, f.amountMean30d());
        assertEquals(10.0, f.amountStd30d());
        assertEquals(18.0, f.amountZScore());
        assertEquals(2, f.distinctMerchants24h());
        assertEquals(1, f.distinctCountries24h());
        assertEquals(1, f.distinctDevices7d());
        assertEquals(600, f.secondsSinceLast());
        assertTrue(f.newDevice());
        assertTrue(f.newCountry());
        assertTrue(f.newMerchant());
        assertEquals(0.0208, f.walletAgeDays());

        Features now = api.walletFeatures(tenant, w);
        assertEquals(0, now.count24h(), "two days later the last 24 hours are empty");
        assertEquals(4, now.count7d());
        assertEquals(260.0, now.sum7d());
        assertEquals(2, now.distinctDevices7d());
        assertTrue(now.secondsSinceLast() >= Duration.ofDays(2).minusMinutes(30).toSeconds());
        assertFalse(now.newDevice() || now.newCountry() || now.newMerchant());
    }

    @Test
    void aLateTransactionGetsTheFeaturesItWouldHaveHad() {
        String w = "w-late";
        post(Tx.of(tenant, w, "b1", t0).amount("10.00"));
        post(Tx.of(tenant, w, "b2", t0.plusSeconds(600)).amount("20.00"));
        post(Tx.of(tenant, w, "b3", t0.plusSeconds(1200)).amount("30.00").device("dev-9"));

        Features late = post(Tx.of(tenant, w, "b-late", t0.plusSeconds(300)).amount("15.00").device("dev-9"))
                .features();

        assertEquals(1, late.count1h());
        assertEquals(10.0, late.sum1h());
        assertEquals(300, late.secondsSinceLast());
        assertTrue(late.newDevice(), "dev-9 was first used after this transaction");
        assertEquals(0.0, late.amountStd30d());
    }

    @Test
    void concurrentTransactionsOfOneWalletEachSeeOnlyHistoryBeforeTheirOwnTime() throws Exception {
        String w = "w-conc";
        post(Tx.of(tenant, w, "c0", t0).amount("10.00"));
        post(Tx.of(tenant, w, "c1", t0.plusSeconds(60)).amount("10.00"));

        int n = 6;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<DecisionResponse>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Transaction tx = Tx.of(tenant, w, "cc" + i, t0.plusSeconds(120 + i)).amount("100.00").build();
                futures.add(CompletableFuture.supplyAsync(() -> api.decide(tx), pool));
            }
            for (int i = 0; i < n; i++) {
                Features f = futures.get(i).get().features();
                assertTrue(f.count1h() >= 2 && f.count1h() <= 2 + i,
                        "cc" + i + " may see only the two seeded and the " + i + " earlier concurrent ones, saw "
                                + f.count1h());
                assertEquals(10.0 * 2 + 100.0 * (f.count1h() - 2), f.sum1h(),
                        "the sum covers exactly the transactions counted");
            }
            assertEquals(2, futures.get(0).get().features().count1h(),
                    "the earliest sees none of the later ones, even when they committed first");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tenantsNeverSeeEachOthersTransactionsOrWallets() {
        String other = "t-" + UUID.randomUUID();
        DecisionResponse mine = post(Tx.of(tenant, "w-shared", "shared-1", t0).amount("42.00"));

        given().header(Headers.TENANT, other).when().get("/v1/transactions/{id}", "shared-1")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().header(Headers.TENANT, other).when().get("/v1/wallets/{w}/features", "w-shared")
                .then().statusCode(404).contentType("application/problem+json");

        DecisionResponse theirs = api.decide(Tx.of(other, "w-shared", "shared-1", t0.plusSeconds(10))
                .amount("7.00").build());
        assertEquals(7.0, theirs.features().amount(), "the same transactionId in another tenant is a new transaction");
        assertEquals(-1, theirs.features().secondsSinceLast(), "the other tenant's wallet of that id has no history");

        String stored = given().header(Headers.TENANT, tenant).when().get("/v1/transactions/{id}", "shared-1")
                .then().statusCode(200).extract().asString();
        assertEquals(mine, api.read(stored, DecisionResponse.class));
    }

    @Test
    void anInvalidTransactionIsRejectedWithFieldErrors() {
        Transaction bad = new Transaction(tenant, "bad-1", "w-bad", new java.math.BigDecimal("-3.001"), "EURO",
                "m-1", "54", null, "XX", null, null, null);
        given().contentType(ContentType.JSON).body(api.write(bad))
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("amount"))
                .body("errors.field", hasItem("currency"))
                .body("errors.field", hasItem("country"))
                .body("errors.field", hasItem("channel"))
                .body("errors.field", hasItem("occurredAt"))
                .body("errors.field", hasItem("merchantCategory"));
    }

    @Test
    void tooManyDecimalsForTheCurrencyIsRejected() {
        Transaction yen = Tx.of(tenant, "w-jpy", "jpy-1", t0).currency("JPY").amount("100.5").build();
        given().contentType(ContentType.JSON).body(api.write(yen))
                .when().post("/v1/decisions")
                .then().statusCode(400).body("errors.field", hasItem("amount"));
    }

    @Test
    void aWalletPayingInTwoCurrenciesCountsEveryAmountInTheReferenceCurrency() {
        String w = "w-fx";
        post(Tx.of(tenant, w, "fx1", t0).amount("20.00"));
        post(Tx.of(tenant, w, "fx2", t0.plusSeconds(600)).amount("30.00"));
        post(Tx.of(tenant, w, "fx3", t0.plusSeconds(1200)).amount("40.00"));

        // JPY 5,000 at the configured 0.0056 is EUR 28.00: an ordinary payment, not 5,000 of the wallet's euros
        DecisionResponse yen = post(Tx.of(tenant, w, "fx4", t0.plusSeconds(1800)).currency("JPY").amount("5000"));
        assertEquals(28.0, yen.features().amount());
        assertEquals(-0.2, yen.features().amountZScore());

        Features next = post(Tx.of(tenant, w, "fx5", t0.plusSeconds(2400)).amount("30.00")).features();
        assertEquals(118.0, next.sum1h());
        assertEquals(29.5, next.amountMean30d());

        String stored = given().header(Headers.TENANT, tenant).when().get("/v1/transactions/{id}", "fx4")
                .then().statusCode(200).extract().asString();
        assertEquals(28.0, api.read(stored, DecisionResponse.class).features().amount());
    }

    @Test
    void aCurrencyWithoutARateIsRejectedNamingTheSettingAndRecordsNothing() {
        Transaction dong = Tx.of(tenant, "w-vnd", "vnd-1", t0).currency("VND").amount("250000").build();
        given().contentType(ContentType.JSON).body(api.write(dong))
                .when().post("/v1/decisions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("currency"))
                .body("errors[0].message", equalTo(
                        "has no exchange rate to EUR configured (vigil.enrichment.currency.rates.VND)"));
        given().header(Headers.TENANT, tenant).when().get("/v1/transactions/{id}", "vnd-1")
                .then().statusCode(404);
    }

    @Test
    void malformedJsonIsABadRequestProblem() {
        given().contentType(ContentType.JSON).body("{\"amount\": \"lots\", ")
                .when().post("/v1/decisions")
                .then().statusCode(400).contentType("application/problem+json").body("status", equalTo(400));
        given().contentType(ContentType.JSON).body("{\"channel\": \"PIGEON\"}")
                .when().post("/v1/decisions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("channel"));
    }

    @Test
    void readsWithoutTenantHeaderAreRejected() {
        given().when().get("/v1/transactions/{id}", "x")
                .then().statusCode(400).contentType("application/problem+json");
    }
}
