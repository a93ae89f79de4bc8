package io.vigil.gateway;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A submission whose body goes out chunked, without a Content-Length: the JDK client sends a body of unknown length
 * that way (RestAssured always sets the length).
 */
final class ChunkedPost {

    private ChunkedPost() {}

    /** Bounded, as is the client's shutdown: it once waited for ever for a second 100 Continue. */
    static HttpResponse<String> send(URI uri, String token, String idempotencyKey, String body,
            boolean expectContinue) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .expectContinue(expectContinue)
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", idempotencyKey)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                .build();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            return client.sendAsync(request, BodyHandlers.ofString()).get(30, TimeUnit.SECONDS);
        } finally {
            client.shutdownNow();
        }
    }
}
