package io.vigil.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(UpstreamsResource.class)
class RateLimitTest {

    /** Test profile tier "burst": capacity 50, refill 1 token per second. */
    private static final int CAPACITY = 50;
    private static final int REFILL_PER_SECOND = 1;

    Upstreams upstreams;

    @BeforeEach
    void setUp() {
        upstreams.reset();
        upstreams.saga().stubFor(get(urlPathEqualTo("/v1/cases")).willReturn(okJson("[]")));
    }

    @Test
    void concurrentBurstIsHeldToTheLimitWhileAnotherClientIsServed() throws Exception {
        String burster = Tokens.forSubject("acme", "burster-" + UUID.randomUUID(), "burst", "analyst");
        String neighbour = Tokens.forSubject("acme", "neighbour-" + UUID.randomUUID(), "burst", "analyst");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Response>> burst = new ArrayList<>();
            List<Future<Response>> others = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 200; i++) {
                burst.add(pool.submit(() -> cases(burster)));
                if (i % 10 == 0) {
                    others.add(pool.submit(() -> cases(neighbour)));
                }
            }
            List<Response> burstResponses = new ArrayList<>();
            for (Future<Response> f : burst) {
                burstResponses.add(f.get());
            }
            long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;

            long admitted = burstResponses.stream().filter(r -> r.statusCode() == 200).count();
            long limited = burstResponses.stream().filter(r -> r.statusCode() == 429).count();
            // Every request is either admitted (and served) or refused by the limiter.
            // Greedy refill adds at most REFILL_PER_SECOND tokens per started second of the burst.
            long bound = CAPACITY + REFILL_PER_SECOND * (elapsedSeconds + 1);
            assertEquals(200, admitted + limited, "statuses: " + burstResponses.stream()
                    .collect(java.util.stream.Collectors.groupingBy(Response::statusCode, java.util.stream.Collectors.counting())));
            assertTrue(admitted >= CAPACITY, "the full burst capacity is served, got " + admitted);
            assertTrue(admitted <= bound, "admitted " + admitted + " > bound " + bound);
            for (Future<Response> f : others) {
                assertEquals(200, f.get().statusCode(), "the other client is served normally");
            }
            Response refused = burstResponses.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertEquals("application/problem+json", refused.contentType());
            assertTrue(Long.parseLong(refused.header("Retry-After")) >= 1);
            assertEquals(String.valueOf(CAPACITY), refused.header("RateLimit-Limit"));
            assertEquals("0", refused.header("RateLimit-Remaining"));
            assertTrue(refused.header("RateLimit-Reset") != null);
        } finally {
            pool.shutdownNow();
        }
        given().when().get("/q/metrics").then().body(containsString("vigil_gateway_rate_limited_total"));
    }

    @Test
    void successfulAnswersCarryTheRateLimitHeaders() {
        String token = Tokens.forSubject("acme", "headers-" + UUID.randomUUID(), "burst", "analyst");

        cases(token).then().statusCode(200)
                .header("RateLimit-Limit", String.valueOf(CAPACITY))
                .header("RateLimit-Remaining", String.valueOf(CAPACITY - 1))
                .header("RateLimit-Reset", "1");
    }

    @Test
    void unknownTierFallsBackToTheDefaultTier() {
        String token = Tokens.forSubject("acme", "tierless-" + UUID.randomUUID(), "platinum", "analyst");

        cases(token).then().statusCode(200).header("RateLimit-Limit", "100");
    }

    private static Response cases(String token) {
        return given().auth().oauth2(token).when().get("/v1/cases");
    }
}
