package io.vigil.enrichment.rest;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vigil.contracts.Problem;
import io.vigil.enrichment.client.MlEngineBenchClient;
import io.vigil.enrichment.config.EnrichmentConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.reactive.messaging.Channel;

/**
 * Middle hop of the bare hop chain (bench mode): relays to ml-engine's bench hop, then publishes one
 * record to Kafka, doing none of the feature, database or scoring work. 404 unless bench mode is on.
 */
@Path("/bench/hop")
public class BenchResource {

    private final boolean enabled;
    private final MlEngineBenchClient mlEngine;
    private final MutinyEmitter<String> hops;

    public BenchResource(EnrichmentConfig config, MlEngineBenchClient mlEngine,
            @Channel("bench-hops") MutinyEmitter<String> hops) {
        this.enabled = config.bench().enabled();
        this.mlEngine = mlEngine;
        this.hops = hops;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> hop(String body) {
        if (!enabled) {
            return Uni.createFrom().item(Response.status(404).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(404, "Not Found", "bench mode is off")).build());
        }
        return mlEngine.hop(body)
                .call(answer -> hops.send(body))
                .map(answer -> Response.ok(answer).build());
    }
}
