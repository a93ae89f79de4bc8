package io.vigil.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.gateway.service.AnalystService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The analyst queue (role {@code analyst}): {@code GET /v1/cases?status=OPEN} lists the tenant's
 * cases; {@code POST /v1/cases/{id}/resolve} with {@code {verdict: FRAUD|LEGIT, note}} resolves one
 * and resumes its parked saga (409 if it is no longer open).
 */
@Path("/v1/cases")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ANALYST)
public class CaseResource {

    private final AnalystService analyst;
    private final CallerResolver callers;

    CaseResource(AnalystService analyst, CallerResolver callers) {
        this.analyst = analyst;
        this.callers = callers;
    }

    @GET
    @Operation(summary = "Cases of the caller's tenant by status")
    public Uni<List<CaseView>> cases(@QueryParam("status") @DefaultValue("OPEN")
            @Pattern(regexp = "(?i)OPEN|RESOLVED|EXPIRED|CANCELLED",
                    message = "must be one of OPEN, RESOLVED, EXPIRED, CANCELLED") String status) {
        return analyst.cases(callers.current(), status);
    }

    @POST
    @Path("/{id}/resolve")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Resolve a case with a verdict")
    public Uni<CaseView> resolve(@PathParam("id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String caseId,
            @Valid @NotNull CaseResolution resolution) {
        return analyst.resolve(callers.current(), caseId, resolution);
    }
}
