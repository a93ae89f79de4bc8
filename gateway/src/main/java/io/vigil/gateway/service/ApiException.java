package io.vigil.gateway.service;

import io.vigil.contracts.Problem;
import java.time.Duration;
import java.util.List;

/**
 * A request the gateway answers with a problem: carries the RFC 7807 body and, for 429/503,
 * how long the client should wait. Rendered by the REST layer; no stack trace ever leaves.
 */
public class ApiException extends RuntimeException {

    private final transient Problem problem;
    private final transient Duration retryAfter;

    public ApiException(Problem problem, Duration retryAfter) {
        super(problem.title() + (problem.detail() == null ? "" : ": " + problem.detail()), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public static ApiException retryLater(int status, String title, String detail, Duration retryAfter) {
        return new ApiException(Problem.of(status, title, detail), retryAfter);
    }

    public static ApiException invalid(String detail, List<Problem.FieldError> errors) {
        return new ApiException(new Problem("about:blank", "Invalid request", 400, detail, null, errors), null);
    }

    public Problem problem() {
        return problem;
    }

    /** Null when the client should not retry as is. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
