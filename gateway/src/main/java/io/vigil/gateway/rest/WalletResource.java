package io.vigil.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Features;
import io.vigil.gateway.service.AnalystService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** {@code GET /v1/wallets/{walletId}/features} (role {@code analyst}): the wallet's feature vector now. */
@Path("/v1/wallets")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    private final AnalystService analyst;
    private final CallerResolver callers;

    WalletResource(AnalystService analyst, CallerResolver callers) {
        this.analyst = analyst;
        this.callers = callers;
    }

    @GET
    @Path("/{walletId}/features")
    @RolesAllowed(Roles.ANALYST)
    @Operation(summary = "Current feature vector of a wallet")
    public Uni<Features> features(
            @PathParam("walletId") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String walletId) {
        return analyst.features(callers.current(), walletId);
    }
}
