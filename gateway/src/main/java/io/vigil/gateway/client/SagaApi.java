package io.vigil.gateway.client;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.Headers;
import io.vigil.contracts.SagaView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** saga-orchestrator's internal API (docs/architecture.md); used only through {@link SagaClient}. */
@RegisterRestClient(configKey = "saga")
@Path("/v1")
@Produces(MediaType.APPLICATION_JSON)
interface SagaApi {

    @GET
    @Path("/sagas/{id}")
    Uni<SagaView> saga(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @PathParam("id") String sagaId);

    @POST
    @Path("/sagas/{id}/cancel")
    Uni<SagaView> cancel(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @PathParam("id") String sagaId);

    @GET
    @Path("/cases")
    Uni<List<CaseView>> cases(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @QueryParam("status") String status,
            @QueryParam("limit") int limit,
            @QueryParam("after") String after);

    @POST
    @Path("/cases/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<CaseView> resolve(
            @HeaderParam(Headers.TENANT) String tenant,
            @HeaderParam(Headers.SUBJECT) String subject,
            @HeaderParam(Headers.CORRELATION_ID) String correlationId,
            @PathParam("id") String caseId,
            CaseResolution resolution);

    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamException.from(SagaClient.UPSTREAM, response);
    }
}
