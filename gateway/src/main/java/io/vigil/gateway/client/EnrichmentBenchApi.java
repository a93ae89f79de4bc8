package io.vigil.gateway.client;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** enrichment-service's bench hop. Used only through {@link EnrichmentBenchClient}. */
@Path("/bench/hop")
@RegisterRestClient(configKey = "enrichment")
interface EnrichmentBenchApi {

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    Uni<String> hop(String body);
}
