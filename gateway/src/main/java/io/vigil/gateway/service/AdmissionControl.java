package io.vigil.gateway.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vigil.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds the submissions the gateway works on at once. Beyond the bound a submission is refused at once with 503 and
 * Retry-After, before it costs an upstream call. Without it, an overloaded platform queues every request (upstream
 * connections, enrichment-service's database) until nearly all of them time out: measured at 300 tx/s
 * offered on the 2-core machine, 10 tx/s were still answered in time while the platform kept working on requests
 * whose clients had given up. With it the platform answers what it can at full speed and sheds the rest.
 */
@ApplicationScoped
public class AdmissionControl {

    private final AtomicInteger inFlight = new AtomicInteger();
    private final int limit;
    private final ApiException refusal;
    private final Counter refused;

    @Inject
    AdmissionControl(GatewayConfig config, MeterRegistry registry) {
        this(config.transactions().maxInFlight(), config.upstream().retryAfter(), registry);
    }

    AdmissionControl(int limit, Duration retryAfter, MeterRegistry registry) {
        this.limit = limit;
        // no stack trace and no suppression: one instance serves every refusal
        this.refusal = ApiException.retryLater(503, "Service Unavailable",
                "the gateway is scoring its maximum of " + limit + " transactions at once;"
                        + " retry with the same Idempotency-Key", retryAfter);
        this.refused = Counter.builder("vigil.gateway.admission.refused")
                .description("Submissions refused with 503 because the gateway had its maximum in flight")
                .register(registry);
        Gauge.builder("vigil.gateway.in.flight", inFlight, AtomicInteger::get)
                .description("Submissions being scored")
                .register(registry);
    }

    /**
     * Whether a submission arriving now would be refused. Lets the HTTP layer refuse before it verifies a
     * token or reads a body; only {@link #admit} takes a slot, so a submission let through here may still
     * be refused there.
     */
    public boolean full() {
        return inFlight.get() >= limit;
    }

    /** The 503 problem, with its Retry-After, that every refused submission gets. */
    public ApiException refusal() {
        return refusal;
    }

    /** Counts a refusal; the answer is {@link #refusal()}. */
    public ApiException refuse() {
        refused.increment();
        return refusal;
    }

    /** Runs the work if a slot is free, releasing the slot when it ends however it ends; otherwise a 503. */
    public <T> Uni<T> admit(Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            if (inFlight.incrementAndGet() > limit) {
                inFlight.decrementAndGet();
                return Uni.createFrom().failure(refuse());
            }
            Uni<T> admitted;
            try {
                admitted = work.get();
            } catch (RuntimeException e) {
                inFlight.decrementAndGet();
                throw e;
            }
            return admitted.onTermination().invoke(inFlight::decrementAndGet);
        });
    }

    int inFlight() {
        return inFlight.get();
    }
}
