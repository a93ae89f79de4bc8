package io.vigil.ml.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Problem;
import io.vigil.ml.Fixtures;
import io.vigil.ml.HandMadeModelsProfile;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
@TestProfile(HandMadeModelsProfile.class)
class ScoreResourceTest {

    // Scores are compared as doubles; RestAssured reads JSON numbers as floats by default.
    private static final RestAssuredConfig DOUBLES = RestAssuredConfig.config()
            .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));

    static ValidatableResponse score(Object body) {
        return given().config(DOUBLES).contentType(ContentType.JSON).body(Fixtures.json(body)).when().post("/v1/score").then();
    }

    @Test
    void takeoverIsDeclinedWithContributionsAndFiredRules() {
        double logit = -6.0 + 0.8 * (Math.log1p(900) - 3.0) + 0.5 * 8.1 + 0.6 * 0.9 / 0.3 + 0.7 * 0.98 / 0.14
                + 0.4 * -0.05 / 0.2 + 0.2 * 0.5 / 0.5 + 0.9 * -0.01 / 0.1;

        score(Fixtures.takeover())
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("modelVersion", equalTo("lr-test-2"))
                .body("decision", equalTo("DECLINE"))
                .body("score", closeTo(1 / (1 + Math.exp(-logit)), 1e-9))
                .body("reasons.code", contains("NEW_DEVICE_NEW_COUNTRY", "AMOUNT_ANOMALY", "AMOUNT",
                        "RULE_ACCOUNT_TAKEOVER", "RULE_AMOUNT_ANOMALY", "RULE_NEW_DEVICE", "RULE_NEW_COUNTRY"))
                .body("reasons[0].weight", closeTo(4.9, 1e-4))
                .body("reasons[1].weight", closeTo(4.05, 1e-4))
                .body("reasons[1].detail", equalTo("amount 900.00 EUR is 8.1 sd above the 30-day mean"))
                .body("reasons[2].weight", closeTo(0.8 * (Math.log1p(900) - 3.0), 1e-4));
    }

    @Test
    void habitualPaymentIsApprovedWithoutRules() {
        score(Fixtures.habitual())
                .statusCode(200)
                .body("decision", equalTo("APPROVE"))
                .body("reasons.code", contains("AMOUNT_ANOMALY", "AMOUNT"));
    }

    @Test
    void challengerScoresInShadowWithoutChangingTheAnswer() {
        String before = metrics();

        // The burst: the champion declines (0.98) while the challenger would only review (0.61).
        score(Fixtures.burst()).statusCode(200).body("decision", equalTo("DECLINE")).body("modelVersion",
                equalTo("lr-test-2"));
        score(Fixtures.habitual()).statusCode(200).body("decision", equalTo("APPROVE"));

        String after = metrics();
        assertEquals(1, delta(before, after, "vigil_ml_shadow_agreement_total", "agree", "false"));
        assertEquals(1, delta(before, after, "vigil_ml_shadow_agreement_total", "agree", "true"));
        assertEquals(2, delta(before, after, "vigil_ml_shadow_score_difference_count",
                "challenger_version", "lr-test-1"));
        assertEquals(1, delta(before, after, "vigil_ml_scores_total", "decision", "DECLINE",
                "model_version", "lr-test-2"));
        assertEquals(2, delta(before, after, "vigil_ml_scoring_seconds_count", "model_version", "lr-test-2"));
        assertEquals(2, delta(before, after, "vigil_ml_score_count", "model_version", "lr-test-2"));
        assertEquals(1, Fixtures.metric(after, "vigil_ml_model_info", "role", "champion", "version", "lr-test-2"));
        assertEquals(1, Fixtures.metric(after, "vigil_ml_model_info", "role", "challenger", "version", "lr-test-1"));
    }

    @Test
    void modelsListsChampionAndChallenger() {
        given().when().get("/v1/models").then()
                .statusCode(200)
                .body("champion.role", equalTo("champion"))
                .body("champion.status", equalTo("READY"))
                .body("champion.version", equalTo("lr-test-2"))
                .body("champion.algorithm", equalTo("logistic-regression"))
                .body("champion.features[0]", equalTo("amount"))
                .body("champion.thresholds.review", equalTo(0.5f))
                .body("champion.thresholds.decline", equalTo(0.85f))
                .body("champion.metrics.prAuc", equalTo(0.61f))
                .body("champion.training.dataSeed", equalTo(2))
                .body("champion.checksum", startsWith("sha256:"))
                .body("champion.source", equalTo("classpath:test-models/" + Fixtures.CHAMPION))
                .body("champion.loadedAt", startsWith("20"))
                .body("challenger.role", equalTo("challenger"))
                .body("challenger.version", equalTo("lr-test-1"))
                .body("challenger.thresholds.review", equalTo(0.6f));
    }

    @Test
    void readinessReportsTheChampionVersion() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'model' }.data.version", equalTo("lr-test-2"))
                .body("checks.find { it.name == 'model' }.data.challenger", equalTo("lr-test-1"));
    }

    @Test
    void missingPartsAndOutOfRangeValuesAreFieldErrors() {
        Map<String, Object> body = Fixtures.asMap(Fixtures.takeover());
        @SuppressWarnings("unchecked")
        Map<String, Object> tx = (Map<String, Object>) body.get("transaction");
        tx.put("amount", -3);
        tx.remove("channel");
        @SuppressWarnings("unchecked")
        Map<String, Object> features = (Map<String, Object>) body.get("features");
        features.put("count1h", -1);
        features.put("hourOfDay", 24);

        given().contentType(ContentType.JSON).body(body).when().post("/v1/score").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("status", equalTo(400))
                .body("errors.field", containsInAnyOrder("features.count1h", "features.hourOfDay",
                        "transaction.amount", "transaction.channel"))
                .body("errors.message", hasItem("must be greater than 0"))
                .body("detail", not(startsWith("java")));
    }

    @Test
    void hugeExponentsAndZScoresPastTheCapAreFieldErrorsNotScores() {
        for (String amount : List.of("1E+999999999", "1E-999999999", "1000000000")) {
            Map<String, Object> body = Fixtures.asMap(Fixtures.takeover());
            @SuppressWarnings("unchecked")
            Map<String, Object> tx = (Map<String, Object>) body.get("transaction");
            tx.put("amount", new BigDecimal(amount));
            @SuppressWarnings("unchecked")
            Map<String, Object> features = (Map<String, Object>) body.get("features");
            features.put("amountZScore", -1000);

            given().contentType(ContentType.JSON).body(Fixtures.json(body)).when().post("/v1/score").then()
                    .statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("errors.field", containsInAnyOrder("transaction.amount", "features.amountZScore"));
        }
    }

    @Test
    void absentTransactionAndFeaturesAreRequired() {
        score(new EnrichedTransaction(null, null))
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", containsInAnyOrder("transaction", "features"));
    }

    @Test
    void emptyBodyIsRequired() {
        given().contentType(ContentType.JSON).when().post("/v1/score").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", contains("body"));
    }

    @Test
    void malformedJsonAndWrongTypesAreProblems() {
        given().contentType(ContentType.JSON).body("{\"transaction\": {").when().post("/v1/score").then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE);

        given().contentType(ContentType.JSON).body("{\"transaction\": {\"amount\": \"lots\"}}").when().post("/v1/score")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", contains("transaction.amount"));

        given().contentType(ContentType.JSON).body("{\"features\": {\"count1h\": null}}").when().post("/v1/score")
                .then()
                .statusCode(400)
                .contentType(Problem.MEDIA_TYPE)
                .body("errors.field", contains("features.count1h"));
    }

    static String metrics() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static double delta(String before, String after, String name, String... labels) {
        return Fixtures.metric(after, name, labels) - Fixtures.metric(before, name, labels);
    }
}
