package io.vigil.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Traces are exported only when a collector is configured. Without
 * {@code quarkus.otel.exporter.otlp.endpoint}, Quarkus would export to localhost:4317 and log every
 * failed batch; a blank traces endpoint makes it skip the OTLP exporter. Spans nobody exports are not
 * recorded either (sampler {@code always_off}): recording them cost about a tenth of each service's CPU
 * under load. Trace and span ids are still made and traceparent still propagates over HTTP and Kafka,
 * so logs, the audit's trace id and the outbox headers keep them. Nor are SQL statements instrumented
 * then: an unrecorded span per statement still cost 3-5 % of a service's CPU (its name is parsed from
 * the SQL). Quarkus fixes the sampler at build time, so at run time the {@code always_off} this
 * interceptor chose then comes back from its "BuildTime RunTime Fixed" source, with a high ordinal: a
 * sampler counts as chosen on purpose only when it records something. (A blank value cannot be written
 * in application.properties: it reads as unset.)
 */
public class TraceExportDefaults implements ConfigSourceInterceptor {

    public static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    public static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    public static final String SAMPLER = "quarkus.otel.traces.sampler";
    public static final String SQL_INSTRUMENTATION = "quarkus.otel.instrument.vertx-sql-client";
    private static final String SAMPLE_NOTHING = "always_off";
    /** Sources below this ordinal hold built-in defaults, not settings anyone made. */
    private static final int EXPLICIT_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (TRACES_ENDPOINT.equals(name) && !explicit(value) && !explicit(context.proceed(ENDPOINT))) {
            return noEndpoint(name, " ");
        }
        if (SAMPLER.equals(name) && !explicit(value) && unexported(context)) {
            return noEndpoint(name, SAMPLE_NOTHING);
        }
        if (SQL_INSTRUMENTATION.equals(name) && !explicit(value) && unexported(context)
                && !sampling(context.proceed(SAMPLER))) {
            return noEndpoint(name, "false");
        }
        return value;
    }

    private static boolean unexported(ConfigSourceInterceptorContext context) {
        return !explicit(context.proceed(ENDPOINT)) && !explicit(context.proceed(TRACES_ENDPOINT));
    }

    private static boolean sampling(ConfigValue sampler) {
        return explicit(sampler) && !SAMPLE_NOTHING.equals(sampler.getValue().trim());
    }

    private static ConfigValue noEndpoint(String name, String value) {
        return ConfigValue.builder()
                .withName(name)
                .withValue(value)
                .withConfigSourceName("vigil: no OTLP endpoint configured")
                .withConfigSourceOrdinal(EXPLICIT_ORDINAL)
                .build();
    }

    private static boolean explicit(ConfigValue value) {
        return value != null
                && value.getValue() != null
                && !value.getValue().isBlank()
                && value.getConfigSourceOrdinal() >= EXPLICIT_ORDINAL;
    }
}
