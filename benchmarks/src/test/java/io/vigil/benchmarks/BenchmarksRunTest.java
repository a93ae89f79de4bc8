package io.vigil.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vigil.contracts.Decision;
import io.vigil.contracts.Transaction;
import io.vigil.features.RuleScorer;
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
    void pipelineAnswersWithTheBundledTrainedModel() throws Exception {
        PipelineBenchmark b = new PipelineBenchmark();
        PipelineBenchmark.Services services = new PipelineBenchmark.Services();
        services.setUp();
        PipelineBenchmark.Wallet wallet = new PipelineBenchmark.Wallet();
        wallet.historySize = 200;
        wallet.setUp();
        var answer = services.mapper.readTree(b.request(services, wallet));
        assertEquals("tx-bench", answer.get("transactionId").asText());
        assertEquals(services.model.version(), answer.get("modelVersion").asText());
        assertNotEquals(RuleScorer.VERSION, services.model.version(), "the trained artifact, not the rules fallback");
        assertEquals(129.90, answer.get("features").get("amount").asDouble());
    }

    @Test
    void pipelineParsesTheBodyLikeTheGateway() throws Exception {
        PipelineBenchmark.Services services = new PipelineBenchmark.Services();
        services.setUp();
        Transaction expected = Samples.transaction();
        Transaction parsed = new PipelineBenchmark().parseRequest(services);
        // the JSON tree reads 129.90 as 129.9, as in the gateway
        assertEquals(0, expected.amount().compareTo(parsed.amount()));
        assertEquals(expected, new Transaction(parsed.tenant(), parsed.transactionId(), parsed.walletId(),
                expected.amount(), parsed.currency(), parsed.merchantId(), parsed.merchantCategory(), parsed.channel(),
                parsed.country(), parsed.deviceId(), parsed.ipAddress(), parsed.occurredAt()));
        assertNotNull(new PipelineBenchmark().scoreWithTrainedModel(services).decision());
    }

    @Test
    void rateLimitBenchmarkConsumes() {
        assertEquals(true, new RateLimitBenchmark().lookupAndConsume().isConsumed());
    }
}
