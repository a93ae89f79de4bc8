package io.vigil.gateway.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vigil.contracts.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Refuses a body above {@code quarkus.http.limits.max-body-size} with a 413 problem. A declared Content-Length is
 * judged before any byte is read; a body without one (chunked) is read here, up to the limit, and handed on as read.
 * Quarkus would refuse both too, but with an empty body, and the chunked one only after the resource had started
 * reading it, as an unexpected failure.
 */
@ApplicationScoped
public class BodySizeLimitHandler {

    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final long maxBodyBytes;
    private final String tooLarge;

    BodySizeLimitHandler(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
            ProblemResponses problems) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.tooLarge = problems.json(Problem.of(413, "Content Too Large",
                "The body exceeds the limit of " + maxBodyBytes + " bytes"));
    }

    /** After the overload check, so a submission refused at the door has none of its body read. */
    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 3).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            if (declaredLength(length) > maxBodyBytes) {
                refuse(context);
            } else {
                context.next();
            }
        } else if (BODY_METHODS.contains(request.method()) && !request.isEnded()) {
            readWithinLimit(context);
        } else {
            context.next();
        }
    }

    /** Chunked bodies are rare here (payment systems send a Content-Length), so holding one whole costs little. */
    private void readWithinLimit(RoutingContext context) {
        HttpServerRequest request = context.request();
        Buffer body = Buffer.buffer();
        boolean[] stopped = {false};
        request.handler(chunk -> {
            if (stopped[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                stopped[0] = true;
                refuse(context);
                return;
            }
            body.appendBuffer(chunk);
        });
        // a connection lost mid-body leaves nobody to answer
        request.exceptionHandler(failure -> stopped[0] = true);
        request.endHandler(end -> {
            if (!stopped[0]) {
                context.setBody(body);
                context.next();
            }
        });
        // RESTEasy would send the 100 Continue when it reads the body, but here the body is read first; the header
        // goes, or RESTEasy sends a second one after the body, on which the JDK's HttpClient waits for ever
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.headers().remove(HttpHeaders.EXPECT);
            context.response().writeContinue();
        }
        request.resume();
    }

    /**
     * A 413 problem, then the connection (HTTP/1) or the stream (HTTP/2) is closed, so the rest of the body is
     * not read: a chunked one has no end the server knows of. The Connection header alone would not close it.
     */
    private void refuse(RoutingContext context) {
        HttpServerResponse response = context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE);
        HttpServerRequest request = context.request();
        if (request.version() == HttpVersion.HTTP_2) {
            response.end(tooLarge).onComplete(written -> response.reset(0));
        } else {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.end(tooLarge).onComplete(written -> request.connection().close());
        }
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
