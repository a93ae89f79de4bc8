package io.vigil.gateway.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.contracts.Decision;
import io.vigil.contracts.Headers;
import io.vigil.gateway.model.Decided;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Reads enrichment-service's decision for the gateway to pass on as it came: the body is checked to be one
 * JSON object, and only the transaction id and the decision are taken out of it, for the completeness check
 * and the metrics. Binding it to a {@code DecisionResponse} and writing that again for the client took ~10 %
 * of the gateway's JFR samples at 600 tx/s, and 4.5-6.5 µs a decision in a tight loop against this read's
 * 1.3-1.8 (docs/benchmarks.md, thirty-second round); the rest of the body's shape is the Pact contract's.
 */
final class DecisionReader {

    private static final JsonFactory JSON = new JsonFactory();

    private DecisionReader() {}

    /**
     * Null for an empty body; a decision with null fields for a JSON object without them.
     *
     * @throws UpstreamBadResponseException when the answer is not JSON by its media type
     * @throws UncheckedIOException around Jackson's exception when the body is not one JSON object or names
     *     a decision that does not exist
     */
    static Decided read(String upstream, RestResponse<byte[]> response) {
        MediaType type = response.getMediaType();
        if (type == null || !MediaType.APPLICATION_JSON_TYPE.isCompatible(type)) {
            throw new UpstreamBadResponseException(upstream, "media type " + type, null);
        }
        byte[] body = response.getEntity();
        if (body == null || body.length == 0) {
            return null;
        }
        boolean replayed = Boolean.parseBoolean(response.getHeaderString(Headers.IDEMPOTENT_REPLAYED));
        try (JsonParser parser = JSON.createParser(body)) {
            return read(parser, body, replayed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Decided read(JsonParser parser, byte[] body, boolean replayed) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new JsonParseException(parser, "the body is not a JSON object");
        }
        String transactionId = null;
        Decision decision = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            if ("transactionId".equals(field) && value == JsonToken.VALUE_STRING) {
                transactionId = parser.getText();
            } else if ("decision".equals(field) && value == JsonToken.VALUE_STRING) {
                decision = decision(parser);
            } else {
                // tokenized all the same, so a malformed body fails here rather than at the client
                parser.skipChildren();
            }
        }
        if (parser.nextToken() != null) {
            throw new JsonParseException(parser, "content after the JSON object");
        }
        return new Decided(body, transactionId, decision, replayed);
    }

    private static Decision decision(JsonParser parser) throws IOException {
        String text = parser.getText();
        for (Decision decision : Decision.values()) {
            if (decision.name().equals(text)) {
                return decision;
            }
        }
        throw new JsonParseException(parser, "unknown decision " + text);
    }
}
