package io.vigil.ml.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vigil.ml.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Default configuration: whatever is bundled under src/main/resources/models (the trained artifact, or
 * nothing and the rules) is ready and is what scores.
 */
@QuarkusTest
class BundledModelTest {

    @Test
    void bundledChampionIsReadyAndScores() {
        String version = given().when().get("/v1/models").then()
                .statusCode(200)
                .body("champion.status", equalTo("READY"))
                .extract().path("champion.version");

        given().when().get("/q/health/ready").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Fixtures.json(Fixtures.takeover())).when().post("/v1/score").then()
                .statusCode(200)
                .body("modelVersion", equalTo(version));
    }
}
