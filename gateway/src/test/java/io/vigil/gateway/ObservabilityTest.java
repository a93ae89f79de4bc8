package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class ObservabilityTest {

    Upstreams upstreams;

    @Test
    void serverLatencyIsAHistogramPerEndpointTemplate() {
        upstreams.saga().stubFor(get(urlPathEqualTo("/v1/cases")).willReturn(okJson("[]")));
        given().auth().oauth2(Tokens.valid("acme", "analyst")).when().get("/v1/cases").then().statusCode(200);

        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("http_server_requests_seconds_bucket{"))
                .body(containsString("uri=\"/v1/cases\""))
                .body(containsString("ft_invocations_total"));
    }

    @Test
    void readyAndLiveWithoutAnyDatabase() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", not(hasItem(containsString("PostgreSQL"))));
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void openApiDescribesThePublicApi() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/transactions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/v1/cases/{id}/resolve"));
    }
}
