package io.vigil.enrichment;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.enrichment.support.MlEngineWireMock;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(MlEngineWireMock.class)
class OperationsEndpointsTest {

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("PostgreSQL")))
                .body("checks.name", hasItem(containsString("Messaging")));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsAndOpenApiAreExposed() {
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("vigil_enrichment_outbox_lag_seconds"))
                .body(containsString("vigil_enrichment_outbox_pending"))
                .body(containsString("vigil_enrichment_feature_query_seconds_bucket"))
                .body(containsString("http_server_requests_seconds_bucket"));
        given().when().get("/q/openapi")
                .then().statusCode(200)
                .body(containsString("/v1/decisions"))
                .body(containsString("/v1/wallets/{walletId}/features"));
    }
}
