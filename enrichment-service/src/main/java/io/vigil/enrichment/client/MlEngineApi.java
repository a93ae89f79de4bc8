package io.vigil.enrichment.client;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Headers;
import io.vigil.contracts.ScoreResult;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** ml-engine's scoring endpoint. Used only through {@link MlEngineClient}, which adds the fault tolerance. */
@Path("/v1/score")
@RegisterRestClient(configKey = "ml-engine")
@RegisterProvider(EnrichedTransactionBodyWriter.class)
interface MlEngineApi {

    @POST
    Uni<ScoreResult> score(@HeaderParam(Headers.TENANT) String tenant, EnrichedTransaction enriched);
}
