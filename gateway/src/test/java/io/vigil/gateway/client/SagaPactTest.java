package io.vigil.gateway.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import au.com.dius.pact.consumer.MockServer;
import au.com.dius.pact.consumer.dsl.DslPart;
import au.com.dius.pact.consumer.dsl.PactDslJsonArray;
import au.com.dius.pact.consumer.dsl.PactDslJsonBody;
import au.com.dius.pact.consumer.dsl.PactDslWithProvider;
import au.com.dius.pact.consumer.junit5.PactConsumerTestExt;
import au.com.dius.pact.consumer.junit5.PactTestFor;
import au.com.dius.pact.core.model.PactSpecVersion;
import au.com.dius.pact.core.model.V4Pact;
import au.com.dius.pact.core.model.annotations.Pact;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Headers;
import io.vigil.contracts.SagaView;
import io.vigil.contracts.Verdict;
import io.vigil.gateway.UpstreamsResource;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the gateway needs from saga-orchestrator's internal API, exercised through the real
 * {@link SagaApi} REST client. Writes {@code contracts/pacts/gateway-saga-orchestrator.json},
 * verified by saga-orchestrator.
 */
@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
@ExtendWith(PactConsumerTestExt.class)
@PactTestFor(providerName = "saga-orchestrator", pactVersion = PactSpecVersion.V4)
class SagaPactTest {

    private static final String TENANT = "pact-gateway";
    private static final String TENANT_PATTERN = "[A-Za-z0-9._:@-]+";
    private static final String ISO_INSTANT = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z";
    private static final String EXAMPLE_INSTANT = "2026-01-15T10:30:00Z";

    @Pact(consumer = "gateway")
    V4Pact readASaga(PactDslWithProvider builder) {
        return builder
                .given("saga tx-gw-saga of tenant pact-gateway has completed")
                .uponReceiving("a request for a saga of the caller's tenant")
                .method("GET")
                .path("/v1/sagas/tx-gw-saga")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(sagaBody("tx-gw-saga", "COMPLETED"))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact cancelASaga(PactDslWithProvider builder) {
        return builder
                .given("saga tx-gw-cancel of tenant pact-gateway has completed")
                .uponReceiving("a request to cancel a completed saga")
                .method("POST")
                .path("/v1/sagas/tx-gw-cancel/cancel")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(sagaBody("tx-gw-cancel", "COMPENSATING"))
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact listOpenCases(PactDslWithProvider builder) {
        return builder
                .given("case tx-gw-open of tenant pact-gateway is open")
                .uponReceiving("a request for the open cases of the caller's tenant")
                .method("GET")
                .path("/v1/cases")
                .query("status=OPEN&limit=100")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(openCases())
                .toPact(V4Pact.class);
    }

    /** The case itself, not just its shape: the page after tx-gw-first holds the case opened next. */
    @Pact(consumer = "gateway")
    V4Pact listThePageOfOpenCasesAfterACase(PactDslWithProvider builder) {
        return builder
                .given("cases tx-gw-first then tx-gw-second of tenant pact-gateway are open")
                .uponReceiving("a request for the page of open cases after a given case")
                .method("GET")
                .path("/v1/cases")
                .query("status=OPEN&limit=1&after=tx-gw-first")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                // the array's type matcher would reach its values: a regex of the value pins it
                .body(PactDslJsonArray.arrayMinMaxLike(1, 1)
                        .stringMatcher("caseId", "tx-gw-second", "tx-gw-second")
                        .stringMatcher("status", "OPEN", "OPEN")
                        .closeObject())
                .toPact(V4Pact.class);
    }

    @Pact(consumer = "gateway")
    V4Pact resolveACase(PactDslWithProvider builder) {
        return builder
                .given("case tx-gw-review of tenant pact-gateway is open")
                .uponReceiving("a request to resolve an open case as fraud")
                .method("POST")
                .path("/v1/cases/tx-gw-review/resolve")
                .matchHeader(Headers.TENANT, TENANT_PATTERN, TENANT)
                .matchHeader(Headers.SUBJECT, ".+", "analyst-1")
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(new PactDslJsonBody()
                        .stringMatcher("verdict", "FRAUD|LEGIT", "FRAUD")
                        .stringType("note", "card testing"))
                .willRespondWith()
                .status(200)
                .matchHeader("Content-Type", "application/json.*", "application/json")
                .body(caseBody(new PactDslJsonBody(), "tx-gw-review", "RESOLVED")
                        .stringMatcher("resolvedAt", ISO_INSTANT, EXAMPLE_INSTANT)
                        .stringMatcher("verdict", "FRAUD|LEGIT", "FRAUD")
                        .stringType("note", "card testing")
                        .stringType("resolvedBy", "analyst-1"))
                .toPact(V4Pact.class);
    }

    @Test
    @PactTestFor(pactMethod = "readASaga")
    void theClientReadsTheSagaStateAndItsSteps(MockServer saga) {
        SagaView view = api(saga).saga(TENANT, "analyst-1", "corr-1", "tx-gw-saga")
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("tx-gw-saga", view.sagaId());
        assertEquals("COMPLETED", view.state());
        assertEquals(Decision.APPROVE, view.scoredDecision());
        assertEquals(Decision.APPROVE, view.finalDecision());
        assertEquals("history.record", view.steps().get(0).name());
        assertEquals(1, view.steps().get(0).attempts());
        assertNotNull(view.startedAt());
    }

    @Test
    @PactTestFor(pactMethod = "cancelASaga")
    void theClientCancelsASagaAndReadsItCompensating(MockServer saga) {
        SagaView view = api(saga).cancel(TENANT, "analyst-1", "corr-1", "tx-gw-cancel")
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("tx-gw-cancel", view.sagaId());
        assertEquals("COMPENSATING", view.state());
    }

    @Test
    @PactTestFor(pactMethod = "listOpenCases")
    void theClientListsOpenCasesWithTheirScoreAndReasons(MockServer saga) {
        List<CaseView> cases = api(saga).cases(TENANT, "analyst-1", "corr-1", "OPEN", 100, null)
                .await().atMost(Duration.ofSeconds(30));

        CaseView open = cases.get(0);
        assertEquals("tx-gw-open", open.caseId());
        assertEquals("OPEN", open.status());
        assertEquals(0.55, open.score());
        assertEquals("AMOUNT_ZSCORE", open.reasons().get(0).code());
        assertNotNull(open.openedAt());
    }

    @Test
    @PactTestFor(pactMethod = "listThePageOfOpenCasesAfterACase")
    void theClientAsksForThePageAfterTheLastCaseItHas(MockServer saga) {
        List<CaseView> cases = api(saga).cases(TENANT, "analyst-1", "corr-1", "OPEN", 1, "tx-gw-first")
                .await().atMost(Duration.ofSeconds(30));

        assertEquals(List.of("tx-gw-second"), cases.stream().map(CaseView::caseId).toList());
    }

    @Test
    @PactTestFor(pactMethod = "resolveACase")
    void theClientResolvesACaseAndReadsTheVerdict(MockServer saga) {
        CaseView resolved = api(saga).resolve(TENANT, "analyst-1", "corr-1", "tx-gw-review",
                        new CaseResolution(Verdict.FRAUD, "card testing"))
                .await().atMost(Duration.ofSeconds(30));

        assertEquals("RESOLVED", resolved.status());
        assertEquals(Verdict.FRAUD, resolved.verdict());
        assertEquals("analyst-1", resolved.resolvedBy());
        assertNotNull(resolved.resolvedAt());
    }

    private static SagaApi api(MockServer saga) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(saga.getUrl()))
                .build(SagaApi.class);
    }

    /** The saga as the gateway shows it; nullable fields (a step's detail, finish time) are left open. */
    private static PactDslJsonBody sagaBody(String id, String state) {
        PactDslJsonBody body = new PactDslJsonBody()
                .stringValue("sagaId", id)
                .stringValue("state", state)
                .stringMatcher("scoredDecision", "APPROVE|REVIEW|DECLINE", "APPROVE")
                .stringMatcher("finalDecision", "APPROVE|REVIEW|DECLINE", "APPROVE")
                .stringMatcher("startedAt", ISO_INSTANT, EXAMPLE_INSTANT)
                .stringMatcher("updatedAt", ISO_INSTANT, EXAMPLE_INSTANT);
        body.eachLike("steps")
                .stringType("name", "history.record")
                .stringType("status", "DONE")
                .integerType("attempts", 1)
                .closeObject()
                .closeArray();
        return body;
    }

    private static DslPart openCases() {
        return caseBody(PactDslJsonArray.arrayMinLike(1), "tx-gw-open", "OPEN").closeObject();
    }

    private static PactDslJsonBody caseBody(PactDslJsonBody body, String id, String status) {
        body.stringType("caseId", id)
                .stringType("transactionId", id)
                .stringType("walletId", "w-gw-1")
                .stringValue("status", status)
                .numberType("score", 0.55)
                .stringType("modelVersion", "gbt-2026.03")
                .stringMatcher("openedAt", ISO_INSTANT, EXAMPLE_INSTANT);
        body.eachLike("reasons")
                .stringType("code", "AMOUNT_ZSCORE")
                .stringType("detail", "amount unusual for this wallet")
                .numberType("weight", 0.3)
                .closeObject()
                .closeArray();
        return body;
    }
}
