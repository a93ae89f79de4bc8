package io.vigil.gateway.client;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * What the two client fault tests share: the answers a peer can give that are not its contract, the
 * problems the gateway must answer instead, and counters read before and after a call so each test
 * asserts what its own calls added.
 */
final class UpstreamFaults {

    /** The problem's Retry-After, from {@code vigil.upstream.retry-after=2s}. */
    static final String RETRY_AFTER = "2";
    /** Far beyond the clients' test timeout (3 s), so only the gateway's timeout can end the call early. */
    static final int UPSTREAM_DELAY_MS = 20_000;

    private UpstreamFaults() {}

    /** Failures that come back at once, so a second attempt costs little. */
    enum FastFailure {
        CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)),
        SERVICE_UNAVAILABLE(aResponse().withStatus(503));

        final ResponseDefinitionBuilder response;

        FastFailure(ResponseDefinitionBuilder response) {
            this.response = response;
        }
    }

    /** A 200 the gateway cannot use; each must become a 502, never a 500 or a half-filled answer. */
    enum BadAnswer {
        MALFORMED_JSON(json("{\"transactionId\":\"tx-f\",\"decision\":")),
        EMPTY_BODY(aResponse().withStatus(200).withHeader("Content-Type", "application/json")),
        HTML_PAGE(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
                .withBody("<html><body>Down for maintenance</body></html>")),
        WRONG_SHAPE(json("{\"unexpected\":true}"));

        private final ResponseDefinitionBuilder response;

        BadAnswer(ResponseDefinitionBuilder response) {
            this.response = response;
        }

        ResponseDefinitionBuilder response() {
            return response;
        }
    }

    static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    }

    static ResponseDefinitionBuilder problem(int status, String title, String detail) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                .withBody("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }

    /** 503 problem+json with Retry-After, and a detail that says why. */
    static void assertUnavailable(Response response, String why) {
        response.then().statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", RETRY_AFTER)
                .body("status", equalTo(503))
                .body("detail", containsString(why));
    }

    /** 502 problem+json naming the peer; no Retry-After, since waiting does not mend a broken answer. */
    static void assertBadGateway(Response response, String upstream) {
        response.then().statusCode(502)
                .contentType("application/problem+json")
                .header("Retry-After", nullValue())
                .body("status", equalTo(502))
                .body("title", equalTo("Bad Gateway"))
                .body("detail", equalTo(upstream + " answered something unreadable"))
                .body(not(containsString("Exception")));
    }

    /**
     * Requests sent at once while the peer holds each answer: every one is served or shed with a 503,
     * and no more than the bulkhead's running plus waiting slots are served. Returns how many were shed.
     */
    static long assertServedOrShed(List<Response> responses, int admissible) {
        Map<Integer, Long> statuses = responses.stream()
                .collect(Collectors.groupingBy(Response::statusCode, Collectors.counting()));
        List<Response> shed = responses.stream()
                .filter(r -> r.statusCode() == 503 && r.asString().contains("load is being shed"))
                .toList();
        long served = statuses.getOrDefault(200, 0L);
        assertEquals(responses.size(), served + shed.size(), "every request is served or shed: " + statuses);
        assertTrue(served <= admissible, "at most " + admissible + " admitted, got " + served);
        shed.forEach(r -> assertUnavailable(r, "load is being shed"));
        return shed.size();
    }

    /** {@code vigil_gateway_upstream_rejections_total{reason}}; all reasons when {@code reason} is null. */
    static double rejections(MeterRegistry registry, String reason) {
        return reason == null
                ? counter(registry, "vigil.gateway.upstream.rejections")
                : counter(registry, "vigil.gateway.upstream.rejections", "reason", reason);
    }

    /** SmallRye FT counter of one client method, e.g. {@code ft.retry.retries.total}. */
    static double ft(MeterRegistry registry, String name, String method, String... tags) {
        String[] all = new String[tags.length + 2];
        all[0] = "method";
        all[1] = method;
        System.arraycopy(tags, 0, all, 2, tags.length);
        return counter(registry, name, all);
    }

    /** 1 when the method's circuit is in {@code state} (open, closed, halfOpen), from ft.circuitbreaker.state.current. */
    static double circuitState(MeterRegistry registry, String method, String state) {
        Gauge gauge = registry.find("ft.circuitbreaker.state.current").tags("method", method, "state", state).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    static int config(String key) {
        return ConfigProvider.getConfig().getValue(key, Integer.class);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static double counter(MeterRegistry registry, String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream().mapToDouble(Counter::count).sum();
    }
}
