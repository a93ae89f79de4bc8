package io.vigil.saga.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Transaction;
import io.vigil.saga.model.CaseStatus;
import io.vigil.saga.service.SagaOrchestrator;
import io.vigil.saga.service.SagaQueries;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** The analyst queue. A case id is the id of its transaction (and saga). */
@Path("/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
public class CaseResource {

    private final SagaQueries queries;
    private final SagaOrchestrator orchestrator;

    public CaseResource(SagaQueries queries, SagaOrchestrator orchestrator) {
        this.queries = queries;
        this.orchestrator = orchestrator;
    }

    @GET
    @Operation(summary = "A page of the caller's tenant's cases in a status, oldest first; the next page is the one"
            + " after the last case of this one (400 if no case of the tenant has that id)")
    public Uni<List<CaseView>> list(
            @RestHeader(Headers.TENANT) String tenant,
            @RestQuery @DefaultValue("OPEN") String status,
            @RestQuery @DefaultValue("100") @Min(1) @Max(500) int limit,
            @RestQuery @Pattern(regexp = Transaction.ID_PATTERN, message = "must be the id of a case") String after) {
        return queries.cases(Tenants.require(tenant), parse(status), limit, after);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve an open case FRAUD or LEGIT; the parked saga resumes. 409 if not open, unless"
            + " the request repeats the verdict, note and analyst that resolved it")
    public Uni<CaseView> resolve(
            @RestPath String id,
            @RestHeader(Headers.TENANT) String tenant,
            @RestHeader(Headers.SUBJECT) String subject,
            @Valid @NotNull CaseResolution resolution) {
        return orchestrator.resolve(Tenants.require(tenant), id, resolution, Tenants.requireSubject(subject));
    }

    private static CaseStatus parse(String status) {
        try {
            return CaseStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status must be one of " + Arrays.toString(CaseStatus.values()));
        }
    }
}
