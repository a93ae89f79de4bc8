package io.vigil.saga.config;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.arc.Unremovable;
import io.quarkus.opentelemetry.runtime.config.runtime.exporter.OtlpExporterConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Records spans only when a collector is configured. Without one the OTLP exporter falls back to
 * localhost:4317 and logs every failed export; with nothing sampled there is nothing to export, while
 * W3C trace context (trace ids in logs, traceparent over HTTP and Kafka) still flows. The endpoint
 * properties report Quarkus's built-in default when unset, which therefore counts as "not configured".
 */
@ApplicationScoped
public class TracingSampler {

    @Produces
    @Singleton
    @Unremovable // looked up by the OpenTelemetry extension, not injected
    Sampler sampler(
            @ConfigProperty(name = "quarkus.otel.exporter.otlp.endpoint") Optional<String> endpoint,
            @ConfigProperty(name = "quarkus.otel.exporter.otlp.traces.endpoint") Optional<String> tracesEndpoint) {
        boolean collector = configured(endpoint) || configured(tracesEndpoint);
        return collector ? Sampler.parentBased(Sampler.alwaysOn()) : Sampler.alwaysOff();
    }

    private static boolean configured(Optional<String> endpoint) {
        return endpoint.filter(s -> !s.isBlank() && !OtlpExporterConfig.DEFAULT_GRPC_BASE_URI.equals(s)).isPresent();
    }
}
