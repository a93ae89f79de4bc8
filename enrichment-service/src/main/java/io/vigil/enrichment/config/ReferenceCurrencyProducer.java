package io.vigil.enrichment.config;

import io.quarkus.runtime.Startup;
import io.vigil.features.ReferenceCurrency;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The reference currency of the configuration, built at start-up so a rate that is not one stops the service there. */
public class ReferenceCurrencyProducer {

    @Produces
    @Singleton
    @Startup
    ReferenceCurrency referenceCurrency(EnrichmentConfig config) {
        return config.currency().toReferenceCurrency();
    }
}
