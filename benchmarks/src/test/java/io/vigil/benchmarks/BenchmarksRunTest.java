package io.vigil.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vigil.contracts.Decision;
import org.junit.jupiter.api.Test;

/** Each benchmark body runs and returns what it measures (the figures come from bin/vigil jmh). */
class BenchmarksRunTest {

    @Test
    void featureAndRuleBenchmarksComputeRealResults() {
        FeatureBenchmark b = new FeatureBenchmark();
        b.historySize = 200;
        b.setUp();
        var f = b.computeFeatures();
        assertEquals(true, f.count7d() > 0 && f.count7d() < 200, "a week of a 30-day history");
        assertEquals(true, f.amountMean30d() > 0);
        assertNotNull(b.scoreWithRules().decision());
    }

    @Test
    void jsonBenchmarkRoundTrips() throws Exception {
        JsonBenchmark b = new JsonBenchmark();
        b.setUp();
        assertEquals("tx-bench", b.readTransaction().transactionId());
        assertEquals(Decision.REVIEW.name(), b.mapper.readTree(b.writeDecision()).get("decision").asText());
    }

    @Test
    void jwtBenchmarkVerifiesAValidToken() throws Exception {
        JwtBenchmark b = new JwtBenchmark();
        b.setUp();
        assertEquals("acme", b.verify().getClaim("tenant"));
    }

    @Test
    void rateLimitBenchmarkConsumes() {
        assertEquals(true, new RateLimitBenchmark().lookupAndConsume().isConsumed());
    }
}
