package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import io.quarkus.test.InjectMock;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.mutiny.Uni;
import io.vertx.pgclient.PgException;
import io.vigil.gateway.repository.IdempotencyRepository;
import io.vigil.testsupport.PostgresTestResource;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's database out of connections (as when PostgreSQL's max_connections is reached) is a 503 with
 * Retry-After, which a client retries with the same Idempotency-Key; other database errors stay a 500.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(UpstreamsResource.class)
class DatabaseUnavailableTest {

    Upstreams upstreams;

    @InjectMock
    IdempotencyRepository repository;

    @BeforeEach
    void setUp() {
        upstreams.reset();
    }

    @Test
    void databaseOutOfConnectionsIsA503WithRetryAfter() {
        when(repository.claim(any(), any(), any(), any(), any())).thenReturn(Uni.createFrom().failure(
                new PgException("sorry, too many clients already", "FATAL", "53300", null)));

        submit("tx-db-busy")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", notNullValue())
                .body("title", equalTo("Service Unavailable"));

        upstreams.enrichment().verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void otherDatabaseErrorsStayA500() {
        when(repository.claim(any(), any(), any(), any(), any())).thenReturn(Uni.createFrom().failure(
                new PgException("relation \"idempotency_keys\" does not exist", "ERROR", "42P01", null)));

        submit("tx-db-broken")
                .then().statusCode(500)
                .contentType("application/problem+json");
    }

    private static Response submit(String transactionId) {
        return given().auth().oauth2(Tokens.valid("acme", "transactions:write"))
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType("application/json")
                .body(Fixtures.transaction(transactionId))
                .when().post("/v1/transactions");
    }
}
