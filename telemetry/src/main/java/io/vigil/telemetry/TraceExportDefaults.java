package io.vigil.telemetry;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;
import java.util.Set;

/**
 * Traces are exported only when a collector is configured. Without
 * {@code quarkus.otel.exporter.otlp.endpoint}, Quarkus would export to localhost:4317 and log every
 * failed batch; a blank traces endpoint makes it skip the OTLP exporter. Spans nobody exports are not
 * recorded either: recording them cost about a tenth of each service's CPU under load. Trace and span
 * ids are still made and traceparent still propagates over HTTP and Kafka, so logs, the audit's trace
 * id and the outbox headers keep them. Nor are SQL statements instrumented then: an unrecorded span per
 * statement still cost 3-5 % of a service's CPU (its name is parsed from the SQL).
 * <p>
 * Quarkus fixes the sampler at build time, when no collector is known, and bakes it into a source that
 * outranks every run-time setting. So the sampler is always {@code parentbased_traceidratio}, and the
 * run-time ratio decides: 0 without a collector (no trace recorded unless a caller's traceparent asks
 * for it), Quarkus' default of 1 with one. (A blank value cannot be written in application.properties:
 * it reads as unset.)
 */
public class TraceExportDefaults implements ConfigSourceInterceptor {

    public static final String ENDPOINT = "quarkus.otel.exporter.otlp.endpoint";
    public static final String TRACES_ENDPOINT = "quarkus.otel.exporter.otlp.traces.endpoint";
    public static final String SAMPLER = "quarkus.otel.traces.sampler";
    public static final String SAMPLER_RATIO = "quarkus.otel.traces.sampler.arg";
    public static final String SQL_INSTRUMENTATION = "quarkus.otel.instrument.vertx-sql-client";
    static final String RATIO_SAMPLER = "parentbased_traceidratio";
    private static final Set<String> RATIO_SAMPLERS = Set.of(RATIO_SAMPLER, "traceidratio");
    private static final Set<String> SILENT_SAMPLERS = Set.of("always_off", "parentbased_always_off");
    /** Sources below this ordinal hold built-in defaults, not settings anyone made. */
    private static final int EXPLICIT_ORDINAL = 100;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        if (explicit(value)) {
            return value;
        }
        return switch (name) {
            case TRACES_ENDPOINT -> explicit(context.proceed(ENDPOINT)) ? value : defaulted(name, " ");
            case SAMPLER -> defaulted(name, RATIO_SAMPLER);
            case SAMPLER_RATIO -> exported(context) ? value : defaulted(name, "0");
            case SQL_INSTRUMENTATION -> exported(context) || recording(context) ? value : defaulted(name, "false");
            default -> value;
        };
    }

    private static boolean exported(ConfigSourceInterceptorContext context) {
        return explicit(context.proceed(ENDPOINT)) || explicit(context.proceed(TRACES_ENDPOINT));
    }

    /** Whether the sampler records any span without a collector: a test's in-memory exporter, say. */
    private static boolean recording(ConfigSourceInterceptorContext context) {
        ConfigValue sampler = context.proceed(SAMPLER);
        String name = explicit(sampler) ? sampler.getValue().trim() : RATIO_SAMPLER;
        if (SILENT_SAMPLERS.contains(name)) {
            return false;
        }
        if (!RATIO_SAMPLERS.contains(name)) {
            return true;
        }
        ConfigValue ratio = context.proceed(SAMPLER_RATIO);
        return explicit(ratio) && Double.parseDouble(ratio.getValue().trim()) > 0;
    }

    private static ConfigValue defaulted(String name, String value) {
        return ConfigValue.builder()
                .withName(name)
                .withValue(value)
                .withConfigSourceName("vigil: trace export defaults")
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
