package io.vigil.saga.rest;

import io.vigil.contracts.Problem;
import io.vigil.saga.service.ConflictException;
import io.vigil.saga.service.InvalidQueryException;
import io.vigil.saga.service.NotFoundException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as RFC 7807 problem details, never as a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return problem(Problem.of(404, "Not Found", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response conflict(ConflictException e) {
        return problem(Problem.of(409, "Conflict", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidQuery(InvalidQueryException e) {
        return problem(new Problem("about:blank", "Bad Request", 400, e.getMessage(), null,
                List.of(new Problem.FieldError(e.parameter(), e.getMessage()))));
    }

    @ServerExceptionMapper
    public Response missingHeader(Tenants.MissingHeaderException e) {
        return problem(new Problem("about:blank", "Bad Request", 400, e.getMessage(), null,
                List.of(new Problem.FieldError(e.header(), "required"))));
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(field(v), v.getMessage()))
                .toList();
        return problem(new Problem("about:blank", "Bad Request", 400, "the request is invalid", null, errors));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null
                ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        String detail = status >= 500 ? null : e.getMessage();
        return problem(Problem.of(status, title, detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unhandled error", e);
        return problem(Problem.of(500, "Internal Server Error", "unexpected error"));
    }

    /**
     * {@code resolve.resolution.verdict} becomes {@code verdict} and {@code list.limit} becomes {@code limit}:
     * the client knows its body and query, not our method and parameter names.
     */
    private static String field(ConstraintViolation<?> v) {
        String[] parts = v.getPropertyPath().toString().split("\\.");
        if (parts.length > 2) {
            return String.join(".", Arrays.copyOfRange(parts, 2, parts.length));
        }
        return parts[parts.length - 1];
    }

    private static Response problem(Problem p) {
        return Response.status(p.status()).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
