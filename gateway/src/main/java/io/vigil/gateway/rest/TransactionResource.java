package io.vigil.gateway.rest;

import io.smallrye.mutiny.Uni;
import io.vigil.contracts.DecisionResponse;
import io.vigil.contracts.Headers;
import io.vigil.contracts.SagaView;
import io.vigil.gateway.model.TransactionView;
import io.vigil.gateway.service.TransactionService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Transactions of the caller's tenant.
 *
 * <ul>
 *   <li>{@code POST /v1/transactions} (role {@code transactions:write}, header {@code Idempotency-Key}):
 *       scores a payment and answers the {@link DecisionResponse}, enrichment-service's body as it came. The
 *       key travels to enrichment-service, which stores every answer: a retry with the same key and body (or
 *       the same transaction again) gets the stored decision with {@code Idempotent-Replayed: true}; the same
 *       key with another body is enrichment-service's 409, passed on; concurrent duplicates all get the same
 *       decision.
 *   <li>{@code GET /v1/transactions/{id}} (roles {@code transactions:write} or {@code analyst}): the
 *       decision plus the saga's state and steps ({@code saga} null when there is none or the
 *       orchestrator cannot be reached). Another tenant's transaction is a 404.
 *   <li>{@code POST /v1/transactions/{id}/cancel} (role {@code transactions:write}): the payment was
 *       cancelled upstream; the saga compensates. 409 with {@code Retry-After} while the transaction is
 *       scored but its saga has not started yet.
 * </ul>
 *
 * Errors are {@code application/problem+json}: 400 (field errors), 401, 403, 404, 409, 413, 415, 429
 * (Retry-After, RateLimit-*), 502 when an upstream answers something unreadable, 503 (Retry-After)
 * when an upstream sheds load, times out, fails or is down.
 */
@Path("/v1/transactions")
@Produces(MediaType.APPLICATION_JSON)
public class TransactionResource {

    private final TransactionService transactions;
    private final CallerResolver callers;

    TransactionResource(TransactionService transactions, CallerResolver callers) {
        this.transactions = transactions;
        this.callers = callers;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.TRANSACTIONS_WRITE)
    @Operation(summary = "Score a transaction")
    @RequestBody(content = @Content(schema = @Schema(implementation = TransactionBody.class)))
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DecisionResponse.class)),
            headers = @Header(name = Headers.IDEMPOTENT_REPLAYED,
                    description = "true when the decision was stored before, not made for this request"))
    public Uni<RestResponse<byte[]>> submit(
            @HeaderParam(Headers.IDEMPOTENCY_KEY) String idempotencyKey, byte[] body) {
        return transactions.submit(callers.current(), idempotencyKey, body).map(decided -> {
            RestResponse.ResponseBuilder<byte[]> response =
                    RestResponse.ResponseBuilder.ok(decided.body(), MediaType.APPLICATION_JSON_TYPE);
            if (decided.replayed()) {
                response.header(Headers.IDEMPOTENT_REPLAYED, "true");
            }
            return response.build();
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.TRANSACTIONS_WRITE, Roles.ANALYST})
    @Operation(summary = "Decision and saga state of a transaction")
    public Uni<TransactionView> find(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String transactionId) {
        return transactions.find(callers.current(), transactionId);
    }

    @POST
    @Path("/{id}/cancel")
    @RolesAllowed(Roles.TRANSACTIONS_WRITE)
    @Operation(summary = "Cancel a transaction: the saga runs its compensations")
    public Uni<SagaView> cancel(
            @PathParam("id") @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String transactionId) {
        return transactions.cancel(callers.current(), transactionId);
    }
}
