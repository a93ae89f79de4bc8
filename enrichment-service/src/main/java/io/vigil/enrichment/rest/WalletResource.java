package io.vigil.enrichment.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Features;
import io.vigil.contracts.Headers;
import io.vigil.enrichment.service.FeatureService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/v1/wallets")
@Produces(MediaType.APPLICATION_JSON)
public class WalletResource {

    private final FeatureService features;

    public WalletResource(FeatureService features) {
        this.features = features;
    }

    @GET
    @Path("/{walletId}/features")
    @Operation(summary = "The wallet's features now; 404 when this tenant has no history of it")
    public Uni<Features> features(@HeaderParam(Headers.TENANT) String tenant, @PathParam("walletId") String walletId) {
        return features.walletFeaturesNow(MissingTenantException.require(tenant), walletId)
                .map(found -> found.orElseThrow(() -> new NotFoundException("wallet " + walletId + " not found")));
    }
}
