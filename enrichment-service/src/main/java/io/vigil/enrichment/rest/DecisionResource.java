package io.vigil.enrichment.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.service.DecisionService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;

    public DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @POST
    @Operation(summary = "Score a transaction; the same transactionId again returns the stored answer")
    public Uni<DecisionResponse> decide(@HeaderParam(Headers.TENANT) String tenant, Transaction tx) {
        if (tenant != null && tx != null && tx.tenant() != null && !tenant.equals(tx.tenant())) {
            throw new MissingTenantException("the body's tenant differs from header " + Headers.TENANT);
        }
        return decisions.decide(tx, "rest");
    }
}
