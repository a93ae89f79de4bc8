package io.vigil.gateway.client;

import io.vigil.contracts.Problem;
import jakarta.ws.rs.core.Response;

/** An upstream answered with an error status; {@link #problem()} is its RFC 7807 body (or a stand-in). */
public class UpstreamException extends RuntimeException {

    private final String upstream;
    private final transient Problem problem;

    UpstreamException(String upstream, Problem problem) {
        super(upstream + " answered " + problem.status() + " " + problem.title(), null, false, false);
        this.upstream = upstream;
        this.problem = problem;
    }

    public String upstream() {
        return upstream;
    }

    public int status() {
        return problem.status();
    }

    public Problem problem() {
        return problem;
    }

    /** 4xx and 5xx become distinct types so the circuit breaker counts only the upstream's own faults. */
    static UpstreamException from(String upstream, Response response) {
        Problem problem = readProblem(response);
        return response.getStatus() < 500
                ? new UpstreamClientException(upstream, problem)
                : new UpstreamException(upstream, problem);
    }

    private static Problem readProblem(Response response) {
        int status = response.getStatus();
        String reason = response.getStatusInfo().getReasonPhrase();
        try {
            Problem body = response.readEntity(Problem.class);
            if (body != null && body.title() != null) {
                // The upstream's instance path is internal: not passed on.
                return new Problem(body.type(), body.title(), status, body.detail(), null, body.errors());
            }
        } catch (RuntimeException unreadable) {
            // Not a problem document (e.g. an HTML error page from a proxy): describe the status instead.
        }
        return Problem.of(status, reason == null ? "Upstream error" : reason, null);
    }
}
