package io.vigil.contracts;

import java.util.OptionalLong;

/**
 * A consumed record's value as a dead letter can carry it. A record up to the broker's 1 MB limit grows when
 * read as text: every byte that is not UTF-8 becomes U+FFFD, three bytes when written again. Sent whole, such a
 * value could pass the producer's 1 MiB request limit, and a dead letter that can never be sent stops its
 * channel at that record for good. Longer values keep their first {@link #MAX_BYTES} bytes, and the original size
 * goes into {@link Topics#DLQ_TRUNCATED_HEADER}.
 *
 * @param text the value to send, whole or cut at a character boundary
 * @param originalBytes the UTF-8 size of the value as consumed, present only when it was cut
 */
public record DeadLetterValue(String text, OptionalLong originalBytes) {

    /** Half the producer's request limit, so the key and the headers always fit beside it. */
    public static final int MAX_BYTES = 512 * 1024;

    public static DeadLetterValue of(String value) {
        if (value == null) {
            return new DeadLetterValue(null, OptionalLong.empty());
        }
        long bytes = 0;
        int keep = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            int width = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            if (keep < 0 && bytes + width > MAX_BYTES) {
                keep = i;
            }
            bytes += width;
            if (pair) {
                i++;
            }
        }
        return keep < 0
                ? new DeadLetterValue(value, OptionalLong.empty())
                : new DeadLetterValue(value.substring(0, keep), OptionalLong.of(bytes));
    }
}
