package io.vigil.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vigil.contracts.Problem;
import io.vigil.contracts.Problem.FieldError;
import io.vigil.gateway.client.UpstreamBadResponseException;
import io.vigil.gateway.client.UpstreamClientException;
import io.vigil.gateway.client.UpstreamException;
import io.vigil.gateway.client.UpstreamTimeoutException;
import io.vigil.gateway.client.UpstreamUnavailableException;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.service.ApiException;
import io.vigil.gateway.service.GatewayMetrics;
import io.vigil.gateway.service.GatewayMetrics.Rejection;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Every failure becomes an RFC 7807 problem: the gateway's own refusals, Quarkus's 401/403/404/405/415,
 * binding and constraint errors, and upstream outcomes. Upstream 4xx problems pass through with their
 * status; an upstream that is saturated, slow, failing (5xx) or unreachable is a 503 with Retry-After; an
 * upstream that answers 2xx with something that is not its contract (unparseable, empty, another media type)
 * is a 502 without Retry-After: a bad gateway, not a busy one, so waiting is no remedy.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    private final ProblemResponses problems;
    private final GatewayMetrics metrics;
    private final Duration upstreamRetryAfter;

    ProblemMappers(ProblemResponses problems, GatewayMetrics metrics, GatewayConfig config) {
        this.problems = problems;
        this.metrics = metrics;
        this.upstreamRetryAfter = config.upstream().retryAfter();
    }

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return problems.response(e.problem(), e.retryAfter());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return problems.builder(Problem.of(401, "Unauthorized", "The bearer token is invalid or expired"), null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"")
                .build();
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return problems.builder(Problem.of(401, "Unauthorized", "A bearer token is required"), null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problems.response(Problem.of(403, "Forbidden", "The token lacks the role this operation requires"), null);
    }

    @ServerExceptionMapper
    public Response upstreamClientError(UpstreamClientException e) {
        return problems.response(e.problem(), null);
    }

    @ServerExceptionMapper
    public Response upstreamError(UpstreamException e) {
        LOG.warnf("%s failed: %d %s", e.upstream(), e.status(), e.problem().title());
        return unavailable(Rejection.UNAVAILABLE, e.upstream() + " failed to answer");
    }

    @ServerExceptionMapper
    public Response upstreamUnavailable(UpstreamUnavailableException e) {
        LOG.warn(e.getMessage());
        return unavailable(Rejection.UNAVAILABLE, e.upstream() + " is unreachable");
    }

    @ServerExceptionMapper
    public Response upstreamBadResponse(UpstreamBadResponseException e) {
        LOG.warn(e.getMessage());
        metrics.upstreamRejection(Rejection.BAD_RESPONSE);
        return problems.response(Problem.of(502, "Bad Gateway", e.upstream() + " answered something unreadable"), null);
    }

    @ServerExceptionMapper
    public Response shed(BulkheadException e) {
        return unavailable(Rejection.SHED, "Too many requests in flight to an upstream service; load is being shed");
    }

    @ServerExceptionMapper
    public Response timeout(UpstreamTimeoutException e) {
        return unavailable(Rejection.TIMEOUT, "An upstream service did not answer in time");
    }

    @ServerExceptionMapper
    public Response circuitOpen(CircuitBreakerOpenException e) {
        return unavailable(Rejection.CIRCUIT_OPEN, "An upstream service is failing; calls are suspended for a moment");
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(fieldPath(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return problems.response(ApiException.invalid("The request is invalid", errors).problem(), null);
    }

    /** Listed explicitly: quarkus-rest-jackson maps MismatchedInputException itself, with a non-problem body. */
    @ServerExceptionMapper({JsonProcessingException.class, MismatchedInputException.class})
    public Response unreadableJson(JsonProcessingException e) {
        FieldError error = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? new FieldError(jsonPath(mapping.getPath()), "has the wrong type or value")
                : new FieldError("body", "malformed JSON");
        return problems.response(ApiException.invalid("The body could not be read", List.of(error)).problem(), null);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        Response original = e.getResponse();
        int status = original.getStatus();
        Response.ResponseBuilder builder = problems.builder(
                Problem.of(status, original.getStatusInfo().getReasonPhrase(), detail(status)), null);
        if (original.getHeaderString(HttpHeaders.ALLOW) != null) {
            builder.header(HttpHeaders.ALLOW, original.getHeaderString(HttpHeaders.ALLOW));
        }
        return builder.build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("Unexpected failure", e);
        return problems.response(Problem.of(500, "Internal Server Error",
                "Unexpected failure; see the logs under this correlation id"), null);
    }

    private Response unavailable(Rejection reason, String detail) {
        metrics.upstreamRejection(reason);
        return problems.response(Problem.of(503, "Service Unavailable", detail), upstreamRetryAfter);
    }

    private static String detail(int status) {
        return switch (status) {
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "This resource answers application/json only";
            case 413 -> "The body exceeds the size limit";
            case 415 -> "The body must be application/json";
            default -> null;
        };
    }

    /**
     * {@code resolve.resolution.verdict} → {@code verdict}: drops the method and parameter nodes; a path
     * parameter itself ({@code find.transactionId}) keeps its name.
     */
    private static String fieldPath(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        ElementKind last = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                continue;
            }
            names.add(node.getName());
            last = node.getKind();
        }
        if (names.size() == 1 && last == ElementKind.PARAMETER && violation.getInvalidValue() instanceof String) {
            return names.getFirst();
        }
        return names.size() > 1 ? String.join(".", names.subList(1, names.size())) : "body";
    }

    private static String jsonPath(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            if (ref.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                field.append('[').append(ref.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }
}
