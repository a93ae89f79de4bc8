package io.vigil.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceExportDefaultsTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withInterceptors(new TraceExportDefaults())
                .withSources(new PropertiesConfigSource(properties, "test", 250))
                .build();
    }

    @Test
    void withoutAnEndpointTheTracesEndpointIsBlankSoNothingIsExported() {
        assertEquals(" ", config(Map.of()).getConfigValue(TraceExportDefaults.TRACES_ENDPOINT).getValue());
    }

    @Test
    void aConfiguredEndpointIsLeftToQuarkus() {
        SmallRyeConfig config = config(Map.of(TraceExportDefaults.ENDPOINT, "http://collector:4317"));
        assertNull(config.getConfigValue(TraceExportDefaults.TRACES_ENDPOINT).getValue());
    }

    @Test
    void aConfiguredTracesEndpointWins() {
        SmallRyeConfig config = config(Map.of(TraceExportDefaults.TRACES_ENDPOINT, "http://traces:4317"));
        assertEquals("http://traces:4317", config.getConfigValue(TraceExportDefaults.TRACES_ENDPOINT).getValue());
    }

    @Test
    void withoutAnEndpointSpansAreNotRecorded() {
        assertEquals("always_off", config(Map.of()).getConfigValue(TraceExportDefaults.SAMPLER).getValue());
    }

    @Test
    void withAnEndpointTheSamplerIsLeftToQuarkus() {
        assertNull(config(Map.of(TraceExportDefaults.ENDPOINT, "http://collector:4317"))
                .getConfigValue(TraceExportDefaults.SAMPLER).getValue());
        assertNull(config(Map.of(TraceExportDefaults.TRACES_ENDPOINT, "http://traces:4317"))
                .getConfigValue(TraceExportDefaults.SAMPLER).getValue());
    }

    @Test
    void aConfiguredSamplerWins() {
        assertEquals("parentbased_traceidratio", config(Map.of(TraceExportDefaults.SAMPLER, "parentbased_traceidratio"))
                .getConfigValue(TraceExportDefaults.SAMPLER).getValue());
    }

    @Test
    void withoutAnEndpointSqlStatementsAreNotInstrumented() {
        assertEquals("false", config(Map.of()).getConfigValue(TraceExportDefaults.SQL_INSTRUMENTATION).getValue());
    }

    @Test
    void sqlStatementsAreNotInstrumentedWhenTheSamplerQuarkusFixedAtBuildTimeRecordsNothing() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withInterceptors(new TraceExportDefaults())
                .withSources(new PropertiesConfigSource(
                        Map.of(TraceExportDefaults.SAMPLER, "always_off"), "BuildTime RunTime Fixed", Integer.MAX_VALUE))
                .build();
        assertEquals("false", config.getConfigValue(TraceExportDefaults.SQL_INSTRUMENTATION).getValue());
    }

    @Test
    void sqlInstrumentationIsLeftToQuarkusWhenSpansAreExportedOrSampledOnPurpose() {
        assertNull(config(Map.of(TraceExportDefaults.ENDPOINT, "http://collector:4317"))
                .getConfigValue(TraceExportDefaults.SQL_INSTRUMENTATION).getValue());
        assertNull(config(Map.of(TraceExportDefaults.SAMPLER, "always_on"))
                .getConfigValue(TraceExportDefaults.SQL_INSTRUMENTATION).getValue());
        assertEquals("true", config(Map.of(TraceExportDefaults.SQL_INSTRUMENTATION, "true"))
                .getConfigValue(TraceExportDefaults.SQL_INSTRUMENTATION).getValue());
    }
}
