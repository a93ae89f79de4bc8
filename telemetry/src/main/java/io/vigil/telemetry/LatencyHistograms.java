package io.vigil.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * HTTP server timers and the platform's own {@code vigil.*} timers publish histogram buckets, so
 * Prometheus (dashboards, canary analysis) can compute p99 across instances.
 */
public class LatencyHistograms {

    @Produces
    @Singleton
    MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return appliesTo(id)
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config)
                        : config;
            }
        };
    }

    static boolean appliesTo(Meter.Id id) {
        String name = id.getName();
        return id.getType() == Meter.Type.TIMER && (name.equals("http.server.requests") || name.startsWith("vigil."));
    }
}
