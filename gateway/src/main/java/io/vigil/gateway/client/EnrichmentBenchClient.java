package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The bare hop to enrichment-service in bench mode: same client stack as the real call, no work. */
@ApplicationScoped
public class EnrichmentBenchClient {

    private final EnrichmentBenchApi api;

    public EnrichmentBenchClient(@RestClient EnrichmentBenchApi api) {
        this.api = api;
    }

    public Uni<String> hop(String body) {
        return api.hop(body);
    }
}
