package io.vigil.enrichment.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.contracts.Decision;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** The service's own meters; circuit-breaker state comes from SmallRye Fault Tolerance's metrics. */
@ApplicationScoped
public class EnrichmentMetrics {

    private final MeterRegistry registry;
    private final Counter fallbacks;
    private final Timer featureQuery;
    private final AtomicLong outboxPending = new AtomicLong();
    private final DoubleAdder outboxLag = new DoubleAdder();

    public EnrichmentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.fallbacks = Counter.builder("vigil.enrichment.fallbacks")
                .description("Decisions made by the rules fallback because ml-engine could not answer")
                .register(registry);
        this.featureQuery = Timer.builder("vigil.enrichment.feature.query")
                .description("Time to load a wallet snapshot from PostgreSQL")
                .register(registry);
        registry.gauge("vigil.enrichment.outbox.pending", outboxPending);
        registry.gauge("vigil.enrichment.outbox.lag.seconds", outboxLag, DoubleAdder::sum);
    }

    public void decision(Decision decision, boolean degraded, String source, long nanos) {
        Counter.builder("vigil.enrichment.decisions")
                .tag("decision", decision.name())
                .tag("degraded", Boolean.toString(degraded))
                .register(registry)
                .increment();
        Timer.builder("vigil.enrichment.decision.latency")
                .description("Time to decide one new transaction, features to commit")
                .tag("source", source)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void mlCall(String outcome) {
        Counter.builder("vigil.enrichment.ml.calls").tag("outcome", outcome).register(registry).increment();
    }

    public void fallback() {
        fallbacks.increment();
    }

    public void featureQuery(long nanos) {
        featureQuery.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void deadLetter(String topic) {
        Counter.builder("vigil.enrichment.dlq").tag("topic", topic).register(registry).increment();
    }

    public void outboxBacklog(long pending, double oldestAgeSeconds) {
        outboxPending.set(pending);
        outboxLag.reset();
        outboxLag.add(oldestAgeSeconds);
    }
}
