package io.vigil.gateway.rest;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vigil.contracts.Headers;
import io.vigil.contracts.Problem;
import io.vigil.gateway.service.GatewayMetrics;
import io.vigil.gateway.service.RateLimiter;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Per-client rate limit on every API call: 429 problem with Retry-After once the client's bucket is
 * empty, and RateLimit-Limit / -Remaining / -Reset (draft-ietf-httpapi-ratelimit-headers) on every
 * answer. Anonymous requests are left to the security check, which refuses them with 401.
 */
public class RateLimitFilter {

    private static final String VERDICT = RateLimitFilter.class.getName() + ".verdict";

    private final CurrentIdentityAssociation identities;
    private final CallerResolver callers;
    private final RateLimiter limiter;
    private final ProblemResponses problems;
    private final GatewayMetrics metrics;

    RateLimitFilter(CurrentIdentityAssociation identities, CallerResolver callers, RateLimiter limiter,
            ProblemResponses problems, GatewayMetrics metrics) {
        this.identities = identities;
        this.callers = callers;
        this.limiter = limiter;
        this.problems = problems;
        this.metrics = metrics;
    }

    @ServerRequestFilter
    public Uni<Response> limit(ContainerRequestContext request) {
        return identities.getDeferredIdentity().map(identity -> {
            if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
                return null;
            }
            RateLimiter.Verdict verdict =
                    limiter.tryAcquire(callers.from(token, request.getHeaderString(Headers.CORRELATION_ID)));
            request.setProperty(VERDICT, verdict);
            if (verdict.allowed()) {
                return null;
            }
            metrics.rateLimited();
            return problems.response(Problem.of(429, "Too Many Requests",
                    "Rate limit of " + verdict.limit() + " requests exceeded for this client"),
                    Duration.ofSeconds(verdict.retryAfterSeconds()));
        });
    }

    @ServerResponseFilter
    public void headers(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(VERDICT) instanceof RateLimiter.Verdict verdict) {
            MultivaluedMap<String, Object> headers = response.getHeaders();
            headers.putSingle("RateLimit-Limit", verdict.limit());
            headers.putSingle("RateLimit-Remaining", verdict.remaining());
            headers.putSingle("RateLimit-Reset", verdict.resetSeconds());
        }
    }
}
