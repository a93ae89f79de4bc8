package io.vigil.contracts;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A consumed record's key or value as a dead letter can carry it. A record up to the broker's 1 MB limit grows
 * when read as text: every byte that is not UTF-8 becomes U+FFFD, three bytes when written again. Sent whole,
 * such a record could pass the producer's 1 MiB request limit, and a dead letter that can never be sent stops
 * its channel, or the outbox it waits in, at that record for good. So a value keeps at most its first
 * {@link #MAX_VALUE_BYTES} bytes and a key its first {@link #MAX_KEY_BYTES}, which leaves room for the headers;
 * the size of what was cut, as read, goes into {@link Topics#DLQ_TRUNCATED_HEADER} or
 * {@link Topics#DLQ_KEY_TRUNCATED_HEADER}.
 *
 * @param text the text to send, whole or cut at a character boundary
 * @param readBytes the UTF-8 size of the text as read, present only when it was cut
 */
public record DeadLetterText(String text, OptionalLong readBytes) {

    public static final int MAX_VALUE_BYTES = 512 * 1024;
    public static final int MAX_KEY_BYTES = 16 * 1024;

    public static DeadLetterText value(String value) {
        return cut(value, MAX_VALUE_BYTES);
    }

    public static DeadLetterText key(String key) {
        return cut(key, MAX_KEY_BYTES);
    }

    /** The headers that tell what was cut of a dead letter's key and value, and from what size; none if nothing. */
    public static Map<String, String> truncationHeaders(DeadLetterText key, DeadLetterText value) {
        Map<String, String> headers = new HashMap<>();
        key.readBytes().ifPresent(bytes -> headers.put(Topics.DLQ_KEY_TRUNCATED_HEADER, Long.toString(bytes)));
        value.readBytes().ifPresent(bytes -> headers.put(Topics.DLQ_TRUNCATED_HEADER, Long.toString(bytes)));
        return headers;
    }

    static DeadLetterText cut(String text, int maxBytes) {
        if (text == null) {
            return new DeadLetterText(null, OptionalLong.empty());
        }
        long bytes = 0;
        int keep = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            int width = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (keep < 0 && bytes + width > maxBytes) {
                keep = i;
            }
            bytes += width;
            if (pair) {
                i++;
            }
        }
        return keep < 0
                ? new DeadLetterText(text, OptionalLong.empty())
                : new DeadLetterText(text.substring(0, keep), OptionalLong.of(bytes));
    }
}
