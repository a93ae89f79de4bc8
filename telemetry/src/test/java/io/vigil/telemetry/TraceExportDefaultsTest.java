package io.vigil.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceExportDefaultsTest {

    private static final String COLLECTOR = "http://collector:4317";

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withInterceptors(new TraceExportDefaults())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .build();
    }

    /** At run time Quarkus serves the sampler it fixed at build time from a source above every other. */
    private static SmallRyeConfig atRunTime(Map<String, String> properties) {
        Map<String, String> runtime = new HashMap<>(properties);
        String sampler = runtime.remove(TraceExportDefaults.SAMPLER);
        return new SmallRyeConfigBuilder()
                .withInterceptors(new TraceExportDefaults())
                .withSources(new PropertiesConfigSource(runtime, "test", 250))
                .withSources(new PropertiesConfigSource(
                        Map.of(TraceExportDefaults.SAMPLER, sampler != null ? sampler : TraceExportDefaults.RATIO_SAMPLER),
                        "BuildTime RunTime Fixed", Integer.MAX_VALUE))
                .build();
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getConfigValue(name).getValue();
    }

    @Test
    void withoutAnEndpointTheTracesEndpointIsBlankSoNothingIsExported() {
        assertEquals(" ", value(config(Map.of()), TraceExportDefaults.TRACES_ENDPOINT));
    }

    @Test
    void aConfiguredEndpointIsLeftToQuarkus() {
        assertNull(value(config(Map.of(TraceExportDefaults.ENDPOINT, COLLECTOR)), TraceExportDefaults.TRACES_ENDPOINT));
    }

    @Test
    void aConfiguredTracesEndpointWins() {
        SmallRyeConfig config = config(Map.of(TraceExportDefaults.TRACES_ENDPOINT, "http://traces:4317"));
        assertEquals("http://traces:4317", value(config, TraceExportDefaults.TRACES_ENDPOINT));
    }

    @Test
    void theSamplerFixedAtBuildTimeLeavesTheDecisionToTheRunTimeRatio() {
        assertEquals(TraceExportDefaults.RATIO_SAMPLER, value(config(Map.of()), TraceExportDefaults.SAMPLER));
        assertEquals(TraceExportDefaults.RATIO_SAMPLER,
                value(config(Map.of(TraceExportDefaults.ENDPOINT, COLLECTOR)), TraceExportDefaults.SAMPLER));
    }

    @Test
    void withoutAnEndpointNoTraceIsSampled() {
        assertEquals("0", value(atRunTime(Map.of()), TraceExportDefaults.SAMPLER_RATIO));
    }

    @Test
    void withAnEndpointSetAtRunTimeTheRatioIsLeftToQuarkus() {
        assertNull(value(atRunTime(Map.of(TraceExportDefaults.ENDPOINT, COLLECTOR)), TraceExportDefaults.SAMPLER_RATIO));
        assertNull(value(atRunTime(Map.of(TraceExportDefaults.TRACES_ENDPOINT, "http://traces:4317")),
                TraceExportDefaults.SAMPLER_RATIO));
    }

    @Test
    void aConfiguredSamplerAndRatioWin() {
        SmallRyeConfig config = config(Map.of(TraceExportDefaults.SAMPLER, "traceidratio",
                TraceExportDefaults.SAMPLER_RATIO, "0.01"));
        assertEquals("traceidratio", value(config, TraceExportDefaults.SAMPLER));
        assertEquals("0.01", value(config, TraceExportDefaults.SAMPLER_RATIO));
    }

    @Test
    void withoutAnEndpointSqlStatementsAreNotInstrumented() {
        assertEquals("false", value(config(Map.of()), TraceExportDefaults.SQL_INSTRUMENTATION));
        assertEquals("false", value(atRunTime(Map.of()), TraceExportDefaults.SQL_INSTRUMENTATION));
        assertEquals("false", value(atRunTime(Map.of(TraceExportDefaults.SAMPLER, "always_off")),
                TraceExportDefaults.SQL_INSTRUMENTATION));
    }

    @Test
    void sqlInstrumentationIsLeftToQuarkusWhenSpansAreExportedOrRecordedOnPurpose() {
        assertNull(value(atRunTime(Map.of(TraceExportDefaults.ENDPOINT, COLLECTOR)),
                TraceExportDefaults.SQL_INSTRUMENTATION));
        assertNull(value(atRunTime(Map.of(TraceExportDefaults.SAMPLER, "always_on")),
                TraceExportDefaults.SQL_INSTRUMENTATION));
        assertNull(value(atRunTime(Map.of(TraceExportDefaults.SAMPLER_RATIO, "0.5")),
                TraceExportDefaults.SQL_INSTRUMENTATION));
        assertEquals("true", value(config(Map.of(TraceExportDefaults.SQL_INSTRUMENTATION, "true")),
                TraceExportDefaults.SQL_INSTRUMENTATION));
    }
}
