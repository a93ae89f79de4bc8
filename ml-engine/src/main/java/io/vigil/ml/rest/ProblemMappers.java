package io.vigil.ml.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.vigil.contracts.Problem;
import io.vigil.ml.model.NonFiniteScoreException;
import io.vigil.ml.service.ModelUnavailableException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves as RFC 7807 problem JSON; no stack trace ever reaches a caller. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        return problem(new Problem("about:blank", "Invalid request", 400, "the request body has invalid fields", null,
                errors));
    }

    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadable(JsonProcessingException e) {
        String field = e instanceof JsonMappingException m ? pathOf(m) : "body";
        String message = e.getOriginalMessage();
        int newline = message == null ? -1 : message.indexOf('\n');
        String detail = newline < 0 ? message : message.substring(0, newline);
        return problem(new Problem("about:blank", "Malformed request", 400, "the request body is not readable JSON "
                + "of the expected shape", null, List.of(new Problem.FieldError(field, detail))));
    }

    @ServerExceptionMapper
    public Response unavailable(ModelUnavailableException e) {
        return problem(Problem.of(503, "Model unavailable", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unscorable(NonFiniteScoreException e) {
        return problem(Problem.of(422, "Unscorable features", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return problem(Problem.of(status.getStatusCode(), status.getReasonPhrase(), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e) {
        LOG.error("unexpected error while handling a request", e);
        return problem(Problem.of(500, "Internal error", "the request could not be handled"));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /** JSON path of the violated field, without the Java method and parameter names. */
    private static String fieldOf(ConstraintViolation<?> violation) {
        StringJoiner field = new StringJoiner(".");
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                field.add(node.getName());
            }
        }
        return field.length() == 0 ? "body" : field.toString();
    }

    private static String pathOf(JsonMappingException e) {
        StringJoiner path = new StringJoiner(".");
        for (JsonMappingException.Reference ref : e.getPath()) {
            path.add(ref.getFieldName() != null ? ref.getFieldName() : Integer.toString(ref.getIndex()));
        }
        return path.length() == 0 ? "body" : path.toString();
    }
}
