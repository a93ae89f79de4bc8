package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input is a 4xx problem, never a 500 nor a stack trace, and never reaches enrichment. */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class RequestValidationTest {

    Upstreams upstreams;
    String token;

    @TestHTTPResource("/v1/transactions")
    URI transactions;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        token = Tokens.valid("acme", "transactions:write", "analyst");
    }

    @AfterEach
    void nothingReachedEnrichment() {
        upstreams.enrichment().verify(0, anyRequestedFor(anyUrl()));
    }

    static Stream<Arguments> invalidBodies() {
        String valid = Fixtures.transaction("tx-1");
        return Stream.of(
                Arguments.of("not JSON", "{\"transactionId\": ", "body", "malformed JSON at line 1, column 19"),
                Arguments.of("JSON array", "[1,2]", "body", "must be a JSON object"),
                Arguments.of("empty body", "", "body", "a JSON object is required"),
                Arguments.of("trailing garbage", valid + "}", "body", null),
                Arguments.of("missing field", valid.replace("\"walletId\":\"w-1\",", ""), "walletId", "is required"),
                Arguments.of("null field", valid.replace("\"w-1\"", "null"), "walletId", "is required"),
                Arguments.of("number instead of string", valid.replace("\"m-1\"", "17"), "merchantId", "must be a string"),
                Arguments.of("object as amount", valid.replace("\"42.50\"", "{}"), "amount", null),
                Arguments.of("amount not a number", valid.replace("\"42.50\"", "\"4x\""), "amount", "must be a decimal number"),
                Arguments.of("amount zero", valid.replace("\"42.50\"", "0"), "amount", "must be greater than 0"),
                Arguments.of("amount negative", valid.replace("\"42.50\"", "\"-3\""), "amount", "must be greater than 0"),
                Arguments.of("too many decimals", valid.replace("\"42.50\"", "42.505"), "amount", "has more than 2 decimals for EUR"),
                Arguments.of("decimals for JPY", valid.replace("\"42.50\"", "\"100.5\"").replace("EUR", "JPY"), "amount",
                        "has more than 0 decimals for JPY"),
                Arguments.of("amount string of 60,000 trailing zeros",
                        valid.replace("\"42.50\"", "\"1." + "0".repeat(60_000) + "\""), "amount",
                        "must have at most 34 digits"),
                Arguments.of("unknown currency", valid.replace("EUR", "XYZ"), "currency", "must be an ISO 4217 currency code"),
                Arguments.of("lower-case currency", valid.replace("EUR", "eur"), "currency", "must be an ISO 4217 currency code"),
                Arguments.of("unknown country", valid.replace("\"FR\"", "\"ZZ\""), "country",
                        "must be an ISO 3166-1 alpha-2 country code"),
                Arguments.of("bad MCC", valid.replace("5411", "54A1"), "merchantCategory",
                        "must be a 4-digit merchant category code"),
                Arguments.of("unknown channel", valid.replace("ECOM", "PIGEON"), "channel", null),
                Arguments.of("bad IP", valid.replace("203.0.113.7", "300.1.1.1"), "ipAddress", "must be an IPv4 or IPv6 address"),
                Arguments.of("host name as IP", valid.replace("203.0.113.7", "example.com"), "ipAddress",
                        "must be an IPv4 or IPv6 address"),
                Arguments.of("occurredAt not a date", valid.replaceFirst("\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":\"yesterday\""),
                        "occurredAt", null),
                Arguments.of("occurredAt far in the future",
                        valid.replaceFirst("\"occurredAt\":\"[^\"]+\"",
                                "\"occurredAt\":\"" + Instant.now().plusSeconds(600) + "\""),
                        "occurredAt", "must not be more than 300 s in the future"),
                Arguments.of("occurredAt before PostgreSQL's first year",
                        valid.replaceFirst("\"occurredAt\":\"[^\"]+\"", "\"occurredAt\":\"-5000-01-01T00:00:00Z\""),
                        "occurredAt", "must not lie before 1970"),
                Arguments.of("tenant in the body", valid.replace("{", "{\"tenant\":\"globex\","), "tenant", "is not a known field"),
                Arguments.of("bad transaction id", valid.replace("tx-1", "tx 1/../x"), "transactionId", null),
                Arguments.of("duplicate field", valid.replace("{", "{\"walletId\":\"w-2\","), "body", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidBodyIsA400ProblemWithTheFieldPath(String name, String body, String field, String message) {
        ValidatableResponse response = post(body, UUID.randomUUID().toString())
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
        if (message != null) {
            response.body("errors.find { it.field == '" + field + "' }.message", equalTo(message));
        }
    }

    @Test
    void everyInvalidFieldIsReportedAtOnce() {
        String body = Fixtures.transaction("tx-1").replace("EUR", "XYZ").replace("\"FR\"", "\"ZZ\"").replace("5411", "x");
        post(body, UUID.randomUUID().toString())
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.containsInAnyOrder("currency", "country", "merchantCategory"));
    }

    @Test
    void missingIdempotencyKeyIs400() {
        given().auth().oauth2(token).contentType("application/json").body(Fixtures.transaction("tx-1"))
                .when().post("/v1/transactions")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("Idempotency-Key"))
                .body("errors[0].message", equalTo("is required"));
    }

    @Test
    void bodyOver64KiBIs413Problem() {
        String huge = "{\"deviceId\":\"" + "x".repeat(70 * 1024) + "\"}";
        post(huge, UUID.randomUUID().toString())
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void chunkedBodyGrowingPast64KiBIs413Problem() throws Exception {
        String huge = "{\"deviceId\":\"" + "x".repeat(70 * 1024) + "\"}";
        // no Content-Length to refuse before the body is read
        HttpResponse<String> response = ChunkedPost.send(transactions, token, UUID.randomUUID().toString(), huge, false);

        assertEquals(413, response.statusCode());
        assertEquals(Optional.of("application/problem+json"), response.headers().firstValue("Content-Type"));
        assertTrue(response.body().contains("\"status\":413"), response.body());
    }

    @Test
    void wrongContentTypeIs415Problem() {
        given().auth().oauth2(token).header("Idempotency-Key", "k").contentType("text/plain").body("hello")
                .when().post("/v1/transactions")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void unknownPathIs404Problem() {
        given().auth().oauth2(token)
                .when().get("/v1/nothing-here")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    @Test
    void wrongMethodIs405ProblemWithAllow() {
        given().auth().oauth2(token)
                .when().delete("/v1/transactions")
                .then().statusCode(405)
                .contentType("application/problem+json")
                .body("status", equalTo(405));
    }

    @Test
    void anIdNoTransactionCanCarryIsA400BeforeAnyCallUpstream() {
        given().auth().oauth2(token).when().get("/v1/transactions/t%00x")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("transactionId"))
                .body("errors[0].message", equalTo("must be 1 to 128 characters among letters, digits and . _ : @ -"));
        given().auth().oauth2(token).when().post("/v1/transactions/t%00x/cancel")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("transactionId"));
        given().auth().oauth2(token).contentType("application/json").body("{\"verdict\":\"LEGIT\"}")
                .when().post("/v1/cases/c%00/resolve")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("caseId"));
        given().auth().oauth2(token).when().get("/v1/wallets/w%00/features")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("walletId"));
        upstreams.saga().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void anUnknownCaseStatusIsA400NamingTheFieldBeforeAnyCallUpstream() {
        given().auth().oauth2(token).when().get("/v1/cases?status=BOGUS")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", equalTo("must be one of OPEN, RESOLVED, EXPIRED, CANCELLED"));
        upstreams.saga().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void aNoteWithANulIsA400BeforeAnyCallUpstream() {
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"verdict\":\"LEGIT\",\"note\":\"a\\u0000b\"}")
                .when().post("/v1/cases/c-1/resolve")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("note"));
        upstreams.saga().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void invalidCaseResolutionIs400WithFieldPath() {
        given().auth().oauth2(token).contentType("application/json").body("{\"verdict\":\"MAYBE\"}")
                .when().post("/v1/cases/c-1/resolve")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("verdict"));
        given().auth().oauth2(token).contentType("application/json").body("{\"note\":\"no verdict\"}")
                .when().post("/v1/cases/c-1/resolve")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("verdict"));
        upstreams.saga().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void problemsNeverCarryAStackTrace() {
        post("{\"amount\": [[[", UUID.randomUUID().toString())
                .statusCode(400)
                .body("stackTrace", nullValue())
                .body("detail", not(org.hamcrest.Matchers.containsString("Exception")));
    }

    private ValidatableResponse post(String body, String idempotencyKey) {
        return given().auth().oauth2(token)
                .header("Idempotency-Key", idempotencyKey)
                .contentType("application/json")
                .body(body)
                .when().post("/v1/transactions")
                .then();
    }
}
