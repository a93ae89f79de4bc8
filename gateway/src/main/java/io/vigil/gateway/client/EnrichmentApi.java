package io.vigil.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Features;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

/** enrichment-service's internal API (docs/architecture.md); used only through {@link EnrichmentClient}. */
@RegisterRestClient(configKey = "enrichment")
@RegisterProvider(TransactionBodyWriter.class)
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface EnrichmentApi {

    /**
     * The answer's headers matter here: {@code Idempotent-Replayed} marks a decision stored before. Its body,
     * a {@link DecisionResponse}, is read as it came, to be passed on (see {@link DecisionReader}).
     */
    @POST
    @Path("/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<RestResponse<byte[]>> decide(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @HeaderParam(Headers.IDEMPOTENCY_KEY) String idempotencyKey,
            Transaction transaction);

    @GET
    @Path("/transactions/{id}")
    Uni<DecisionResponse> transaction(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @PathParam("id") String transactionId);

    @GET
    @Path("/wallets/{walletId}/features")
    Uni<Features> features(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @PathParam("walletId") String walletId);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamException.from(EnrichmentClient.UPSTREAM, response);
    }
}
