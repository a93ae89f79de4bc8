package io.vigil.gateway.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.contracts.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.time.Duration;

/**
 * Renders {@link Problem}s as {@code application/problem+json}. The body is serialised here, so the
 * media type never depends on which message body writers happen to accept it.
 */
@ApplicationScoped
public class ProblemResponses {

    private final ObjectMapper mapper;

    ProblemResponses(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Response.ResponseBuilder builder(Problem problem, Duration retryAfter) {
        Response.ResponseBuilder builder = Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(json(problem));
        if (retryAfter != null) {
            builder.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(retryAfter));
        }
        return builder;
    }

    /** Whole seconds for a Retry-After header, rounded up, at least 1. */
    static long retryAfterSeconds(Duration retryAfter) {
        return Math.max(1, retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0));
    }

    public Response response(Problem problem, Duration retryAfter) {
        return builder(problem, retryAfter).build();
    }

    public String json(Problem problem) {
        try {
            return mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a problem", e);
        }
    }
}
