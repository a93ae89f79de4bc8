package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class AnalystApiTest {

    private static final String CASE = """
            {"caseId":"c-1","transactionId":"tx-1","walletId":"w-1","status":"%s","score":0.61,"reasons":[],
             "modelVersion":"gbt-1","openedAt":"2026-11-23T10:00:00Z","resolvedAt":null,"verdict":%s,"note":null,
             "resolvedBy":%s}
            """;

    Upstreams upstreams;

    @BeforeEach
    void setUp() {
        upstreams.reset();
    }

    @Test
    void featuresOfAWalletComeFromEnrichmentForTheCallersTenant() {
        upstreams.enrichment().stubFor(get(urlEqualTo("/v1/wallets/w-1/features")).withHeader("X-Vigil-Tenant", equalTo("acme"))
                .willReturn(okJson("{\"amount\":0,\"count1h\":3,\"count24h\":9,\"secondsSinceLast\":-1}")));

        given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().get("/v1/wallets/w-1/features")
                .then().statusCode(200)
                .body("count1h", Matchers.equalTo(3))
                .body("count24h", Matchers.equalTo(9));
    }

    @Test
    void featuresNeedTheAnalystRole() {
        given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .when().get("/v1/wallets/w-1/features")
                .then().statusCode(403);
    }

    @Test
    void openCasesOfTheTenantAreListed() {
        upstreams.saga().stubFor(get(urlPathEqualTo("/v1/cases")).withQueryParam("status", equalTo("OPEN"))
                .withHeader("X-Vigil-Tenant", equalTo("acme"))
                .willReturn(okJson("[" + CASE.formatted("OPEN", "null", "null") + "]")));

        given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().get("/v1/cases?status=OPEN")
                .then().statusCode(200)
                .body("[0].caseId", Matchers.equalTo("c-1"))
                .body("[0].status", Matchers.equalTo("OPEN"));
    }

    @Test
    void resolvingACasePassesTheVerdictAndTheAnalystsSubject() {
        upstreams.saga().stubFor(post(urlEqualTo("/v1/cases/c-1/resolve"))
                .willReturn(okJson(CASE.formatted("RESOLVED", "\"FRAUD\"", "\"alice\""))));

        given().auth().oauth2(Tokens.forSubject("acme", "alice", "standard", "analyst"))
                .contentType("application/json").body("{\"verdict\":\"FRAUD\",\"note\":\"card testing\"}")
                .when().post("/v1/cases/c-1/resolve")
                .then().statusCode(200)
                .body("verdict", Matchers.equalTo("FRAUD"));

        upstreams.saga().verify(postRequestedFor(urlEqualTo("/v1/cases/c-1/resolve"))
                .withHeader("X-Vigil-Tenant", equalTo("acme"))
                .withHeader("X-Vigil-Subject", equalTo("alice"))
                .withRequestBody(equalToJson("{\"verdict\":\"FRAUD\",\"note\":\"card testing\"}")));
    }
}
