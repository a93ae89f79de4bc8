package io.vigil.contracts;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** HTTP and Kafka header names used between services, and how a subject travels in one. */
public final class Headers {
    /** Tenant of the caller, set by the gateway from the verified token on internal calls. */
    public static final String TENANT = "X-Vigil-Tenant";
    /** Subject (user or client) behind an internal call, for audit; its value is {@link #encodeSubject}'s. */
    public static final String SUBJECT = "X-Vigil-Subject";
    /** Correlation id carried from the edge through every hop and Kafka message. */
    public static final String CORRELATION_ID = "X-Correlation-Id";
    /** Client's key for a submission: enrichment-service decides once per (tenant, key), for the same body. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** A well-formed {@link #IDEMPOTENCY_KEY}: 1 to 255 visible ASCII characters. */
    public static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");
    /** Set to {@code true} on an answer that was stored before, not decided by this request. */
    public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private Headers() {}

    /**
     * A subject as a {@link #SUBJECT} value: its UTF-8 bytes, percent-encoded but for visible ASCII other than
     * {@code %}. A header carries Latin-1 only, and beyond it a character went as '?': "Łukasz" and "Ńukasz" were
     * both "?ukasz" in the audit of who resolved a case. The subjects of most identity providers are unchanged.
     */
    public static String encodeSubject(String subject) {
        if (subject == null || subject.chars().allMatch(Headers::keptAsIs)) {
            return subject;
        }
        StringBuilder encoded = new StringBuilder();
        for (byte b : subject.getBytes(StandardCharsets.UTF_8)) {
            if (keptAsIs(b)) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(HEX.toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    /**
     * The subject a {@link #SUBJECT} value encodes. A '%' not followed by two hex digits stands for itself, as an
     * earlier gateway sent it.
     */
    public static String decodeSubject(String value) {
        if (value == null || value.indexOf('%') < 0) {
            return value;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '%' && i + 2 < value.length() && HexFormat.isHexDigit(value.charAt(i + 1))
                    && HexFormat.isHexDigit(value.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(value, i + 1, i + 3));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean keptAsIs(int c) {
        return c > 0x20 && c < 0x7F && c != '%';
    }
}
