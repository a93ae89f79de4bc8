package io.vigil.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Problem;
import io.vigil.gateway.client.EnrichmentBenchClient;
import io.vigil.gateway.config.GatewayConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * First hop of the bare hop chain (bench mode): gateway → enrichment-service → ml-engine plus a Kafka
 * publish, with trivial handlers — the ceiling the real pipeline is measured against
 * (docs/benchmarks.md). 404 unless bench mode is on; never enabled by the Kubernetes manifests.
 */
@Path("/bench/hop")
public class BenchResource {

    private final boolean enabled;
    private final EnrichmentBenchClient enrichment;

    public BenchResource(GatewayConfig config, EnrichmentBenchClient enrichment) {
        this.enabled = config.bench().enabled();
        this.enrichment = enrichment;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> hop(String body) {
        if (!enabled) {
            return Uni.createFrom().item(Response.status(404).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(404, "Not Found", "bench mode is off")).build());
        }
        return enrichment.hop(body).map(answer -> Response.ok(answer).build());
    }
}
