package io.vigil.gateway.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.vigil.contracts.Headers;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Builds the {@link Caller} from the verified token. The tenant is taken from the token's
 * {@code tenant} claim and nowhere else (smallrye.jwt.required.claims makes it mandatory, so a token
 * without one never authenticates).
 */
@ApplicationScoped
public class CallerResolver {

    private static final String TENANT_CLAIM = "tenant";

    private final JsonWebToken token;
    private final HttpServerRequest request;
    private final String tierClaim;

    CallerResolver(JsonWebToken token, HttpServerRequest request, GatewayConfig config) {
        this.token = token;
        this.request = request;
        this.tierClaim = config.rateLimit().tierClaim();
    }

    /** The caller of the current request; only valid once the request is authenticated. */
    public Caller current() {
        return from(token, request.getHeader(Headers.CORRELATION_ID));
    }

    Caller from(JsonWebToken jwt, String correlationId) {
        if (!(jwt.getClaim(TENANT_CLAIM) instanceof String tenant) || tenant.isBlank()) {
            throw new AuthenticationFailedException("The token's tenant claim is not a non-blank string");
        }
        Object tier = jwt.getClaim(tierClaim);
        return new Caller(tenant, jwt.getSubject(), tier == null ? null : tier.toString(), correlationId);
    }
}
