package io.vigil.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.CaseResolution;
import io.vigil.contracts.CaseView;
import io.vigil.gateway.service.AnalystService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The analyst queue (role {@code analyst}): {@code GET /v1/cases?status=OPEN&limit=100&after=<case id>} lists
 * the tenant's cases a page at a time; {@code POST /v1/cases/{id}/resolve} with {@code {verdict: FRAUD|LEGIT,
 * note}} resolves one and resumes its parked saga (409 if it is no longer open).
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

    /**
     * A page of cases, oldest first. A full page carries a {@code Link} to the next (RFC 8288): the cases after its
     * last one, so a case that opens or leaves the status between pages repeats none and puts none out of reach.
     */
    @GET
    @Operation(summary = "A page of the caller's tenant's cases by status, oldest first; a full page links to the next")
    public Uni<RestResponse<List<CaseView>>> cases(
            @QueryParam("status") @DefaultValue("OPEN") @Pattern(regexp = "(?i)OPEN|RESOLVED|EXPIRED|CANCELLED",
                    message = "must be one of OPEN, RESOLVED, EXPIRED, CANCELLED") String status,
            // text checked by a pattern, so that "abc" is a 400 problem naming it, as any other invalid value
            @QueryParam("limit") @DefaultValue("100") @Pattern(regexp = "[1-9][0-9]?|[1-4][0-9]{2}|500",
                    message = "must be a whole number from 1 to 500") String limit,
            @QueryParam("after") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String after) {
        int size = Integer.parseInt(limit);
        return analyst.cases(callers.current(), status, size, after)
                .map(page -> page.size() < size
                        ? RestResponse.ok(page)
                        : RestResponse.ResponseBuilder.ok(page)
                                .header(HttpHeaders.LINK, next(status, size, page.getLast()))
                                .build());
    }

    private static String next(String status, int limit, CaseView last) {
        URI page = UriBuilder.fromPath("/v1/cases")
                .queryParam("status", status)
                .queryParam("limit", limit)
                .queryParam("after", last.caseId())
                .build();
        return "<" + page + ">; rel=\"next\"";
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
