package io.vigil.ml.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vigil.contracts.Channel;
import io.vigil.ml.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * No artifact deployed at all: the documented rules decide and the service is ready. The profile also
 * sets thresholds in configuration (review from 0.2 instead of 0.5), which must change decisions.
 */
@QuarkusTest
@TestProfile(RulesFallbackTest.NoArtifacts.class)
class RulesFallbackTest {

    public static class NoArtifacts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "vigil.model.directory", "no-models-here",
                    "vigil.scoring.review-threshold", "0.2",
                    "vigil.scoring.decline-threshold", "0.6");
        }
    }

    @Test
    void rulesScoreWithVersionRules1() {
        given().contentType(ContentType.JSON).body(Fixtures.json(Fixtures.takeover())).when().post("/v1/score").then()
                .statusCode(200)
                .body("modelVersion", equalTo("rules-1"))
                .body("decision", equalTo("DECLINE"))
                .body("reasons.code", hasItems("RULE_ACCOUNT_TAKEOVER", "RULE_NEW_DEVICE", "RULE_NEW_COUNTRY"));
    }

    @Test
    void configuredThresholdsChangeTheDecision() {
        // A gambling MCC alone scores 0.25: approved at the default 0.5, reviewed from the configured 0.2.
        var gambling = Fixtures.enriched("20.00", "7995", Channel.CARD_PRESENT, Fixtures.habitual().features());

        given().contentType(ContentType.JSON).body(Fixtures.json(gambling)).when().post("/v1/score").then()
                .statusCode(200)
                .body("decision", equalTo("REVIEW"))
                .body("reasons.code", contains("RULE_RISKY_MCC"));
    }

    @Test
    void readyWithTheRulesAsChampion() {
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'model' }.data.version", equalTo("rules-1"));
        given().when().get("/v1/models").then()
                .statusCode(200)
                .body("champion.version", equalTo("rules-1"))
                .body("champion.algorithm", equalTo("rules"))
                .body("champion.source", equalTo("builtin:io.vigil.features.RuleScorer"))
                .body("champion.thresholds.review", equalTo(0.2f))
                .body("champion.thresholds.decline", equalTo(0.6f))
                .body("challenger", nullValue());
    }
}
