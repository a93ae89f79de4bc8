package io.vigil.ml.rest;

import io.smallrye.common.annotation.NonBlocking;
import io.vigil.contracts.Problem;
import io.vigil.ml.config.ModelConfig;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Last hop of the bare hop chain (bench mode): answers at once, so that a benchmark can measure the
 * platform's transport and framework cost against the real pipeline. 404 unless bench mode is on.
 */
@Path("/bench/hop")
@NonBlocking
public class BenchResource {

    private final boolean enabled;

    public BenchResource(ModelConfig config) {
        this.enabled = config.bench().enabled();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Response hop(String body) {
        if (!enabled) {
            return Response.status(404).type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(404, "Not Found", "bench mode is off")).build();
        }
        return Response.ok("{\"hop\":\"ml-engine\"}").build();
    }
}
