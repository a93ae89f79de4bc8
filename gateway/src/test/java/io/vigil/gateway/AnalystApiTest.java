package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

    private static String caseWithId(String id) {
        return CASE.formatted("OPEN", "null", "null").replace("\"c-1\"", "\"" + id + "\"");
    }

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
    void aFullPageOfCasesLinksToThePageAfterItsLastCase() {
        upstreams.saga().stubFor(get(urlPathEqualTo("/v1/cases")).withQueryParam("status", equalTo("OPEN"))
                .withQueryParam("limit", equalTo("2")).withQueryParam("after", absent())
                .willReturn(okJson("[" + caseWithId("c-1") + "," + caseWithId("c-2") + "]")));
        upstreams.saga().stubFor(get(urlPathEqualTo("/v1/cases")).withQueryParam("status", equalTo("OPEN"))
                .withQueryParam("limit", equalTo("2")).withQueryParam("after", equalTo("c-2"))
                .willReturn(okJson("[" + caseWithId("c-3") + "]")));

        String next = given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().get("/v1/cases?status=OPEN&limit=2")
                .then().statusCode(200)
                .body("caseId", Matchers.contains("c-1", "c-2"))
                .header("Link", "</v1/cases?status=OPEN&limit=2&after=c-2>; rel=\"next\"")
                .extract().header("Link");

        given().auth().oauth2(Tokens.valid("acme", "analyst"))
                .when().get(next.substring(1, next.indexOf('>')))
                .then().statusCode(200)
                .body("caseId", Matchers.contains("c-3"))
                .header("Link", Matchers.nullValue());
    }

    @Test
    void aPageSizeOrCursorThatCannotBeOneIsAProblemNamingIt() {
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> answered = new TreeMap<>();
        for (String query : List.of("limit=0", "limit=501", "limit=abc", "after=a%20b", "after=t%00x")) {
            expected.put(query, "400 application/problem+json [" + query.substring(0, query.indexOf('=')) + "]");
            ExtractableResponse<Response> problem = given().urlEncodingEnabled(false)
                    .auth().oauth2(Tokens.valid("acme", "analyst"))
                    .when().get("/v1/cases?" + query)
                    .then().extract();
            answered.put(query, problem.statusCode() + " " + problem.contentType() + " "
                    + problem.jsonPath().getList("errors.field"));
        }
        assertEquals(expected, answered);
        upstreams.saga().verify(0, getRequestedFor(urlPathEqualTo("/v1/cases")));
    }

    @Test
    void anAnalystBeyondLatin1ReachesTheOrchestratorEncodedNotAsAQuestionMark() {
        upstreams.saga().stubFor(post(urlEqualTo("/v1/cases/c-1/resolve"))
                .willReturn(okJson(CASE.formatted("RESOLVED", "\"LEGIT\"", "\"\u0141ukasz\""))));

        given().auth().oauth2(Tokens.forSubject("acme", "\u0141ukasz", "standard", "analyst"))
                .contentType("application/json").body("{\"verdict\":\"LEGIT\"}")
                .when().post("/v1/cases/c-1/resolve")
                .then().statusCode(200)
                .body("resolvedBy", Matchers.equalTo("\u0141ukasz"));

        upstreams.saga().verify(postRequestedFor(urlEqualTo("/v1/cases/c-1/resolve"))
                .withHeader("X-Vigil-Subject", equalTo("%C5%81ukasz")));
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
