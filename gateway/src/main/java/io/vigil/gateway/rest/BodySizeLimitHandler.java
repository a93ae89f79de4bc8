package io.vigil.gateway.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vigil.contracts.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a declared Content-Length above {@code quarkus.http.limits.max-body-size} with a 413
 * problem before any byte is read. Quarkus would refuse it too, but with an empty body; a chunked
 * body that grows past the limit is still cut off by Quarkus while it is read.
 */
@ApplicationScoped
public class BodySizeLimitHandler {

    private final long maxBodyBytes;
    private final String tooLarge;

    BodySizeLimitHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            ProblemResponses problems) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.tooLarge = problems.json(Problem.of(413, "Content Too Large",
                "The body exceeds the limit of " + maxBodyBytes + " bytes"));
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 1).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null && declaredLength(length) > maxBodyBytes) {
            context.response()
                    .setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(tooLarge);
            return;
        }
        context.next();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
