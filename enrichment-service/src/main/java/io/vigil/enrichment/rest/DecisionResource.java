package io.vigil.enrichment.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import io.vigil.enrichment.service.DecisionService;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/v1/decisions")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class DecisionResource {

    private final DecisionService decisions;

    public DecisionResource(DecisionService decisions) {
        this.decisions = decisions;
    }

    @POST
    @Operation(summary = "Score a transaction; the same transactionId, or the same Idempotency-Key and body, again"
            + " returns the stored answer with Idempotent-Replayed: true; the key with another body is a 409")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DecisionResponse.class)))
    public Uni<RestResponse<String>> decide(@HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.IDEMPOTENCY_KEY) String idempotencyKey, Transaction tx) {
        if (tenant != null && tx != null && tx.tenant() != null && !tenant.equals(tx.tenant())) {
            throw new MissingTenantException("the body's tenant differs from header " + Headers.TENANT);
        }
        // The gateway checked it already; callers inside the cluster may not have.
        if (idempotencyKey != null && !Headers.IDEMPOTENCY_KEY_FORMAT.matcher(idempotencyKey).matches()) {
            throw new BadRequestException("The " + Headers.IDEMPOTENCY_KEY
                    + " header must be 1 to 255 visible ASCII characters");
        }
        return decisions.decide(tx, idempotencyKey, "rest").map(decided -> {
            // the JSON written for the history row, not the response written once more
            RestResponse.ResponseBuilder<String> answer =
                    RestResponse.ResponseBuilder.ok(decided.json(), MediaType.APPLICATION_JSON_TYPE);
            if (decided.replayed()) {
                answer.header(Headers.IDEMPOTENT_REPLAYED, "true");
            }
            return answer.build();
        });
    }
}
