package io.vigil.enrichment.support;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import java.io.UncheckedIOException;

/** Calls the service over real HTTP. */
public final class Api {

    private final ObjectMapper json;

    public Api(ObjectMapper json) {
        this.json = json;
    }

    public DecisionResponse decide(Transaction tx) {
        String body = given().contentType(ContentType.JSON)
                .header(Headers.TENANT, tx.tenant())
                .body(write(tx))
                .when().post("/v1/decisions")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        return read(body, DecisionResponse.class);
    }

    /** Submits under an Idempotency-Key and returns the raw answer, whatever its status. */
    public Response decide(Transaction tx, String idempotencyKey) {
        return given().contentType(ContentType.JSON)
                .header(Headers.TENANT, tx.tenant())
                .header(Headers.IDEMPOTENCY_KEY, idempotencyKey)
                .body(write(tx))
                .when().post("/v1/decisions")
                .then().extract().response();
    }

    public Features walletFeatures(String tenant, String wallet) {
        String body = given().header(Headers.TENANT, tenant)
                .when().get("/v1/wallets/{w}/features", wallet)
                .then().statusCode(200)
                .extract().asString();
        return read(body, Features.class);
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
