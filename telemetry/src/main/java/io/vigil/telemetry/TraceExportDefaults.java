package io.vigil.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Traces are exported only when a collector is configured. Without
 * {@code quarkus.otel.exporter.otlp.endpoint}, Quarkus would export to localhost:4317 and log every
 * failed batch; a blank traces endpoint makes it skip the OTLP exporter, while spans and traceparent
 * propagation over HTTP and Kafka stay on. (A blank value cannot be written in application.properties:
 * it reads as unset.)
 */
public class TraceExportDefaults implements ConfigSourceInterceptor {

    public static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    public static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    /** Sources below this ordinal hold built-in defaults, not settings anyone made. */
    private static final int EXPLICIT_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (TRACES_ENDPOINT.equals(name) && !explicit(value) && !explicit(context.proceed(ENDPOINT))) {
            return ConfigValue.builder()
                    .withName(name)
                    .withValue(" ")
                    .withConfigSourceName("vigil: no OTLP endpoint configured")
                    .withConfigSourceOrdinal(EXPLICIT_ORDINAL)
                    .build();
        }
        return value;
    }

    private static boolean explicit(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= EXPLICIT_ORDINAL;
    }
}
