package io.vigil.enrichment.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/** The bare hop to ml-engine in bench mode: same client stack as scoring, no work at either end. */
@ApplicationScoped
public class MlEngineBenchClient {

    private final MlEngineBenchApi api;

    public MlEngineBenchClient(@RestClient MlEngineBenchApi api) {
        this.api = api;
    }

    public Uni<String> hop(String body) {
        return api.hop(body);
    }
}
