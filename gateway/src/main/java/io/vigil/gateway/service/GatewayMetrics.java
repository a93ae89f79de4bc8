package io.vigil.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.contracts.Decision;
import jakarta.enterprise.context.ApplicationScoped;

/** Gateway business counters; Prometheus names end in {@code _total}. */
@ApplicationScoped
public class GatewayMetrics {

    /** Why an upstream call was refused before or instead of an answer. */
    public enum Rejection {
        SHED("shed"),
        TIMEOUT("timeout"),
        CIRCUIT_OPEN("circuit_open"),
        UNAVAILABLE("unavailable"),
        BAD_RESPONSE("bad_response");

        private final String tag;

        Rejection(String tag) {
            this.tag = tag;
        }
    }

    private final MeterRegistry registry;
    private final Counter rateLimited;
    private final Counter replays;

    GatewayMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.rateLimited = Counter.builder("vigil.gateway.rate.limited")
                .description("Requests refused with 429")
                .register(registry);
        this.replays = Counter.builder("vigil.gateway.idempotent.replays")
                .description("Stored decisions enrichment-service returned for a repeated Idempotency-Key or transaction")
                .register(registry);
    }

    public void decision(Decision decision) {
        registry.counter("vigil.gateway.decisions", "decision", decision.name()).increment();
    }

    public void rateLimited() {
        rateLimited.increment();
    }

    public void idempotentReplay() {
        replays.increment();
    }

    public void upstreamRejection(Rejection reason) {
        registry.counter("vigil.gateway.upstream.rejections", "reason", reason.tag).increment();
    }
}
