package io.vigil.gateway.rest;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vigil.contracts.Headers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * First handler of every request: keeps the caller's {@code X-Correlation-Id} (or makes one), puts it
 * on the request so every later stage and internal call sees it, echoes it on the response — errors
 * included — and into the logging context.
 */
@ApplicationScoped
public class CorrelationIdHandler {

    /** Anything else could smuggle separators into logs and downstream headers: replaced. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String MDC_KEY = "correlationId";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        String id = context.request().getHeader(Headers.CORRELATION_ID);
        if (id == null || !VALID.matcher(id).matches()) {
            id = UUID.randomUUID().toString();
            context.request().headers().set(Headers.CORRELATION_ID, id);
        }
        context.response().putHeader(Headers.CORRELATION_ID, id);
        MDC.put(MDC_KEY, id);
        context.next();
    }
}
