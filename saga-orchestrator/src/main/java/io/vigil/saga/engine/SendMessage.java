package io.vigil.saga.engine;

import java.util.Map;

/**
 * A message to publish. {@code messageId} is stable across re-sends (a command's id) so the receiver
 * can drop duplicates; {@code payload} is serialised by the application.
 */
public record SendMessage(String messageId, String destination, String key, Object payload, Map<String, String> headers)
        implements Effect {

    public SendMessage {
        headers = Map.copyOf(headers);
    }

    public SendMessage(String messageId, String destination, String key, Object payload) {
        this(messageId, destination, key, payload, Map.of());
    }
}
