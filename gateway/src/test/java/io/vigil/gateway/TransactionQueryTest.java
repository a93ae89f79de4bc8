package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class TransactionQueryTest {

    Upstreams upstreams;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        // The providers scope by the tenant header: acme's transaction does not exist for anyone else.
        upstreams.enrichment().stubFor(get(urlEqualTo("/v1/transactions/tx-1")).atPriority(5)
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody(Fixtures.problem(404, "Not Found"))));
        upstreams.enrichment().stubFor(get(urlEqualTo("/v1/transactions/tx-1")).atPriority(1)
                .withHeader("X-Vigil-Tenant", equalTo("acme"))
                .willReturn(okJson(Fixtures.decision("tx-1", "REVIEW"))));
    }

    @Test
    void answersTheDecisionWithTheSagaFetchedAlongside() {
        upstreams.saga().stubFor(get(urlEqualTo("/v1/sagas/tx-1")).withHeader("X-Vigil-Tenant", equalTo("acme"))
                .willReturn(okJson(Fixtures.saga("tx-1"))));

        given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().get("/v1/transactions/tx-1")
                .then().statusCode(200)
                .body("decision.decision", Matchers.equalTo("REVIEW"))
                .body("saga.state", Matchers.equalTo("COMPLETED"))
                .body("saga.steps[0].name", Matchers.equalTo("history.record"));
    }

    @Test
    void answersTheDecisionAloneWhenTheSagaIsUnknown() {
        upstreams.saga().stubFor(get(urlEqualTo("/v1/sagas/tx-1")).willReturn(aResponse().withStatus(404)));

        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().get("/v1/transactions/tx-1")
                .then().statusCode(200)
                .body("decision.transactionId", Matchers.equalTo("tx-1"))
                .body("saga", nullValue());
    }

    @Test
    void anotherTenantsTransactionIs404() {
        given().auth().oauth2(Tokens.valid("globex", "transactions:write", "analyst"))
                .when().get("/v1/transactions/tx-1")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", Matchers.equalTo(404));
    }

    @Test
    void aTenantHeaderFromTheClientIsIgnored() {
        given().auth().oauth2(Tokens.valid("globex", "transactions:write")).header("X-Vigil-Tenant", "acme")
                .when().get("/v1/transactions/tx-1")
                .then().statusCode(404);
    }

    @Test
    void unknownTransactionIs404() {
        upstreams.enrichment().stubFor(get(urlEqualTo("/v1/transactions/nope")).willReturn(aResponse().withStatus(404)));

        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().get("/v1/transactions/nope")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void cancelStartsCompensationInTheOrchestrator() {
        upstreams.saga().stubFor(post(urlEqualTo("/v1/sagas/tx-1/cancel")).withHeader("X-Vigil-Tenant", equalTo("acme"))
                .willReturn(okJson(Fixtures.saga("tx-1").replace("\"COMPLETED\"", "\"COMPENSATING\""))));

        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().post("/v1/transactions/tx-1/cancel")
                .then().statusCode(200)
                .body("state", Matchers.equalTo("COMPENSATING"));
    }

    @Test
    void cancelBeforeTheSagaStartedIsA409ToRetryNotA404() {
        upstreams.saga().stubFor(post(urlEqualTo("/v1/sagas/tx-1/cancel"))
                .willReturn(aResponse().withStatus(404).withHeader("Content-Type", "application/problem+json")
                        .withBody(Fixtures.problem(404, "Not Found"))));

        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().post("/v1/transactions/tx-1/cancel")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .header("Retry-After", Matchers.equalTo("1"))
                .body("title", Matchers.equalTo("Saga not started yet"));
        given().auth().oauth2(Tokens.valid("globex", "transactions:write"))
                .when().post("/v1/transactions/tx-1/cancel")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void cancelNeedsTheWriteRole() {
        given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().post("/v1/transactions/tx-1/cancel")
                .then().statusCode(403)
                .contentType("application/problem+json");
    }
}
