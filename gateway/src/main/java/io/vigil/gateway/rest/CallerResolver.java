package io.vigil.gateway.rest;

import io.quarkus.security.AuthenticationFailedException;
import io.vigil.contracts.Headers;
import io.vigil.gateway.config.GatewayConfig;
import io.vigil.gateway.model.Caller;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.regex.Pattern;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Builds the {@link Caller} from the verified token. The tenant is taken from the token's
 * {@code tenant} claim and nowhere else (smallrye.jwt.required.claims makes it mandatory, so a token
 * without one never authenticates, nor does one whose tenant is not a tenant id).
 */
@ApplicationScoped
public class CallerResolver {

    private static final String TENANT_CLAIM = "tenant";
    /*
     * What a transaction's tenant may be on the Kafka path too. The tenant travels upstream in a header, which
     * carries Latin-1 only: beyond it a character goes as '?', so two tenants ("Łódź", "Ńódź") could reach the
     * services as one.
     */
    private static final Pattern TENANT = Pattern.compile(Ids.PATTERN);

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
        if (!(jwt.getClaim(TENANT_CLAIM) instanceof String tenant) || !TENANT.matcher(tenant).matches()) {
            throw new AuthenticationFailedException("The token's tenant claim is not a tenant id");
        }
        Object tier = jwt.getClaim(tierClaim);
        return new Caller(tenant, jwt.getSubject(), tier == null ? null : tier.toString(), correlationId);
    }
}
