package io.vigil.enrichment.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vigil.features.ReferenceCurrency;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rates as operators set them: in the properties, and as Kubernetes sets them, in environment variables. */
class CurrencySettingsTest {

    @Test
    void ratesFromPropertiesAndEnvironmentVariablesAllReachTheReferenceCurrency() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(EnrichmentConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(Map.of("vigil.enrichment.currency.rates.USD", "0.86",
                        "vigil.enrichment.currency.rates.JPY", "0.0056"), "application.properties", 250))
                .withSources(new EnvConfigSource(Map.of("VIGIL_ENRICHMENT_CURRENCY_RATES_USD", "0.90",
                        "VIGIL_ENRICHMENT_CURRENCY_RATES_HUF", "0.0025"), 300))
                .build();

        ReferenceCurrency currency = config.getConfigMapping(EnrichmentConfig.class).currency().toReferenceCurrency();

        assertEquals("EUR", currency.code());
        assertEquals(new BigDecimal("9.0000"), currency.convert(BigDecimal.TEN, "USD"));
        assertEquals(new BigDecimal("0.0560"), currency.convert(BigDecimal.TEN, "JPY"));
        assertEquals(new BigDecimal("2.5000"), currency.convert(new BigDecimal("1000"), "HUF"));
    }
}
