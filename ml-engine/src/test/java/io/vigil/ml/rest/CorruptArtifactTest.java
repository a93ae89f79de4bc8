package io.vigil.ml.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vigil.contracts.Problem;
import io.vigil.ml.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A corrupt champion artifact: the service runs, says why it is not ready, and refuses to score. The
 * other kinds of corruption take the same path and are covered in ModelRegistryTest without a restart.
 */
@QuarkusTest
@TestProfile(CorruptArtifactTest.EditedWeights.class)
class CorruptArtifactTest {

    static final String FILE = "src/test/resources/broken/checksum-mismatch.json";

    public static class EditedWeights implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vigil.model.path", FILE);
        }
    }

    @Test
    void notReadyNamingTheFileAndTheProblem() {
        given().when().get("/q/health/ready").then()
                .statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'model' }.data.error",
                        allOf(containsString("path:" + FILE), containsString("checksum mismatch")));
    }

    @Test
    void scoringAnswers503Problem() {
        given().contentType(ContentType.JSON).body(Fixtures.json(Fixtures.habitual())).when().post("/v1/score").then()
                .statusCode(503)
                .contentType(Problem.MEDIA_TYPE)
                .body("title", equalTo("Model unavailable"))
                .body("detail", containsString("checksum mismatch"));
    }

    @Test
    void modelsShowTheFailureAndTheServiceStaysAlive() {
        given().when().get("/v1/models").then()
                .statusCode(200)
                .body("champion.status", equalTo("FAILED"))
                .body("champion.source", equalTo("path:" + FILE))
                .body("champion.error", containsString("checksum mismatch"));
        given().when().get("/q/health/live").then().statusCode(200);
    }
}
