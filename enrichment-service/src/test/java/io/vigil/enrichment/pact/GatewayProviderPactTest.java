package io.vigil.enrichment.pact;

import au.com.dius.pact.provider.junit5.HttpTestTarget;
import au.com.dius.pact.provider.junit5.PactVerificationContext;
import au.com.dius.pact.provider.junit5.PactVerificationInvocationContextProvider;
import au.com.dius.pact.provider.junitsupport.Consumer;
import au.com.dius.pact.provider.junitsupport.Provider;
import au.com.dius.pact.provider.junitsupport.State;
import au.com.dius.pact.provider.junitsupport.loader.PactFolder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vigil.enrichment.support.Api;
import io.vigil.enrichment.support.InjectWireMock;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.enrichment.support.Tx;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replays the gateway's pact for enrichment-service's internal API against the running service;
 * provider states score real transactions through {@code POST /v1/decisions}, with WireMock standing
 * in for ml-engine.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
@Provider("enrichment-service")
@Consumer("gateway")
@PactFolder("../contracts/pacts")
class GatewayProviderPactTest {

    private static final String TENANT = "pact-gateway";

    @TestHTTPResource("/")
    URL root;

    @Inject
    ObjectMapper json;

    @InjectWireMock
    WireMockServer mlEngine;

    @BeforeEach
    void target(PactVerificationContext context) {
        // other test classes share this WireMock and may have left ml-engine failing
        MlEngineWireMock.healthy(mlEngine);
        context.setTarget(new HttpTestTarget(root.getHost(), root.getPort()));
    }

    @TestTemplate
    @ExtendWith(PactVerificationInvocationContextProvider.class)
    void honoursThePact(PactVerificationContext context) {
        context.verifyInteraction();
    }

    @State("transaction tx-gw-1 of tenant pact-gateway has been scored")
    void transactionScored() {
        score("tx-gw-1");
    }

    @State("tenant pact-gateway has no transaction tx-gw-unknown")
    void transactionUnknown() {
        // nothing ever scores tx-gw-unknown
    }

    @State("wallet w-gw-1 of tenant pact-gateway has history")
    void walletHasHistory() {
        score("tx-gw-history");
    }

    /** The very body the pact's requests send for tx-gw-2, so its retry replays and another body is refused. */
    @State("transaction tx-gw-2 of tenant pact-gateway has been decided under Idempotency-Key key-gw-2")
    void transactionDecidedUnderKey() {
        Response decided = new Api(json).decide(Tx.of(TENANT, "w-gw-1", "tx-gw-2", Instant.parse("2026-01-15T10:30:00Z"))
                .amount("250.00").build(), "key-gw-2");
        if (decided.statusCode() != 200) {
            throw new IllegalStateException("state not set up: " + decided.statusCode() + " " + decided.asString());
        }
    }

    private void score(String transactionId) {
        Instant recently = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS);
        new Api(json).decide(Tx.of(TENANT, "w-gw-1", transactionId, recently).amount("250.00").build());
    }
}
