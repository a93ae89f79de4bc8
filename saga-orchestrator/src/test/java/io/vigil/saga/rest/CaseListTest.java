package io.vigil.saga.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Problem;
import io.vigil.contracts.Verdict;
import io.vigil.saga.model.LocalEffect;
import io.vigil.saga.repository.CaseRepository;
import io.vigil.testsupport.KafkaTestResource;
import io.vigil.testsupport.PostgresTestResource;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The analyst queue read a page at a time: oldest first, each page after the last case of the one before. */
@QuarkusTest
@QuarkusTestResource(value = KafkaTestResource.class)
@QuarkusTestResource(value = PostgresTestResource.class)
class CaseListTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Inject
    Pool pool;

    @Inject
    CaseRepository cases;

    @Test
    void eachPageStartsAfterTheLastCaseOfTheOneBeforeSoCasesClosedMeanwhileMakeItSkipNone() {
        String tenant = "t-" + UUID.randomUUID();
        // c-2 and c-3 opened in the same microsecond: their ids order them
        open(tenant, "c-1", T0);
        open(tenant, "c-3", T0.plusSeconds(1));
        open(tenant, "c-2", T0.plusSeconds(1));
        open(tenant, "c-4", T0.plusSeconds(2));
        open(tenant, "c-5", T0.plusSeconds(3));
        open("other-" + tenant, "c-9", T0.plusSeconds(1));

        List<String> first = page(tenant, "limit=2");
        assertEquals(List.of("c-1", "c-2"), first);
        // while the analyst reads, two cases are resolved: an offset of 2 would now skip c-4
        resolve(tenant, "c-3");
        resolve(tenant, "c-2");
        open(tenant, "c-0", T0.minusSeconds(60));

        assertEquals(List.of("c-4", "c-5"), page(tenant, "limit=2&after=c-2"));
        assertEquals(List.of(), page(tenant, "limit=2&after=c-5"));
        assertEquals(List.of("c-2", "c-3"), page(tenant, "status=RESOLVED&limit=5&after=c-1"));
        // a case dated before the cursor (a replica's clock behind) shows in the next pass from the start
        assertEquals(List.of("c-0", "c-1", "c-4", "c-5"), page(tenant, "limit=500"));
    }

    @Test
    void aCursorNamingNoCaseOfTheTenantIsABadRequestNamingIt() {
        String tenant = "t-" + UUID.randomUUID();
        open("other-" + tenant, "c-1", T0);

        for (String after : new String[] {"c-1", "t%00x"}) {
            given().urlEncodingEnabled(false).header(Headers.TENANT, tenant).get("/v1/cases?after=" + after)
                    .then().statusCode(400)
                    .contentType(Problem.MEDIA_TYPE)
                    .body("errors.field", contains("after"));
        }
        given().header(Headers.TENANT, tenant).get("/v1/cases")
                .then().statusCode(200).body("$", empty());
        given().header(Headers.TENANT, tenant).get("/v1/cases?limit=501")
                .then().statusCode(400).body("errors.field", contains("limit")).body("status", equalTo(400));
    }

    private List<String> page(String tenant, String query) {
        return new ArrayList<>(given().header(Headers.TENANT, tenant).get("/v1/cases?" + query)
                .then().statusCode(200).extract().jsonPath().getList("caseId", String.class));
    }

    private void open(String tenant, String caseId, Instant openedAt) {
        cases.insert(pool, new LocalEffect.OpenCase(caseId, tenant, "w-" + caseId, 0.6, List.of(), "lr-test",
                openedAt, openedAt.plusSeconds(86_400))).await().indefinitely();
    }

    private void resolve(String tenant, String caseId) {
        cases.resolve(pool, new LocalEffect.ResolveCase(tenant, caseId, Verdict.LEGIT, null, "alice", Instant.now()))
                .await().indefinitely();
    }
}
