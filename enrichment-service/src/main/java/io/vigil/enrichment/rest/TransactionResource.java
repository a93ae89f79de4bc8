package io.vigil.enrichment.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Headers;
import io.vigil.enrichment.service.DecisionService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/transactions")
@Produces(MediaType.APPLICATION_JSON)
public class TransactionResource {

    private final DecisionService decisions;

    public TransactionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "The decision as scored; 404 when this tenant has no such transaction")
    public Uni<DecisionResponse> get(@HeaderParam(Headers.TENANT) String tenant, @PathParam("id") String id) {
        return decisions.stored(MissingTenantException.require(tenant), id)
                .map(found -> found.orElseThrow(() -> new NotFoundException("transaction " + id + " not found")));
    }
}
