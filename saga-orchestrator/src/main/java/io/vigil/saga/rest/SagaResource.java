package io.vigil.saga.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Headers;
import io.vigil.contracts.SagaView;
import io.vigil.saga.service.SagaOrchestrator;
import io.vigil.saga.service.SagaQueries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

/** Internal saga API, called by the gateway with the caller's tenant. */
@Path("/v1/sagas")
@Produces(MediaType.APPLICATION_JSON)
public class SagaResource {

    private final SagaQueries queries;
    private final SagaOrchestrator orchestrator;

    public SagaResource(SagaQueries queries, SagaOrchestrator orchestrator) {
        this.queries = queries;
        this.orchestrator = orchestrator;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Saga state and step log; 404 if unknown for this tenant")
    public Uni<SagaView> get(@RestPath String id, @RestHeader(Headers.TENANT) String tenant) {
        return queries.saga(Tenants.require(tenant), id);
    }

    @POST
    @Path("/{id}/cancel")
    @Operation(summary = "The payment was cancelled: compensate every done step (nothing new is published)")
    public Uni<SagaView> cancel(
            @RestPath String id, @RestHeader(Headers.TENANT) String tenant, @RestHeader(Headers.SUBJECT) String subject) {
        return orchestrator.cancel(Tenants.require(tenant), id, Headers.decodeSubject(subject));
    }
}
