package io.vigil.enrichment.rest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Problem;
import io.vigil.enrichment.service.IdempotencyKeyReusedException;
import io.vigil.enrichment.service.InvalidTransactionException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as RFC 7807 problem JSON: field errors for bad input, never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public RestResponse<Problem> invalidTransaction(InvalidTransactionException e) {
        return problem(new Problem("about:blank", "Invalid transaction", 400, "the transaction breaks the contract",
                null, e.errors()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> missingTenant(MissingTenantException e) {
        return problem(new Problem("about:blank", "Missing tenant", 400, e.getMessage(), null,
                List.of(new Problem.FieldError(Headers.TENANT, e.getMessage()))));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return problem(Problem.of(409, "Idempotency-Key reused", e.getMessage()));
    }

    @ServerExceptionMapper({JacksonException.class, JsonParseException.class, MismatchedInputException.class})
    public RestResponse<Problem> unreadableBody(JacksonException e) {
        String field = e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                ? mismatch.getPath().stream()
                        .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                        .collect(Collectors.joining("."))
                : "body";
        return problem(new Problem("about:blank", "Malformed request body", 400, "the body is not a valid transaction",
                null, List.of(new Problem.FieldError(field, e.getOriginalMessage()))));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> webApplication(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        if (status.getStatusCode() >= 500) {
            LOG.error("request failed", e);
        }
        return problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e) {
        LOG.error("request failed", e);
        return problem(Problem.of(500, "Internal Server Error", "the request could not be completed"));
    }

    private static RestResponse<Problem> problem(Problem problem) {
        return RestResponse.ResponseBuilder.<Problem>create(problem.status())
                .entity(problem)
                .type(Problem.MEDIA_TYPE)
                .build();
    }
}
