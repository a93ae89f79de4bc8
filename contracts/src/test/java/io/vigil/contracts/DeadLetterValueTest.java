package io.vigil.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeadLetterValueTest {

    @Test
    void aValueWithinTheLimitGoesWhole() {
        String value = "x".repeat(DeadLetterValue.MAX_BYTES);

        DeadLetterValue letter = DeadLetterValue.of(value);

        assertSame(value, letter.text());
        assertEquals(OptionalLong.empty(), letter.originalBytes());
    }

    @Test
    void binaryReadAsTextIsCutToTheLimitAndItsSizeKept() {
        // 400 KB that are not UTF-8, as StringDeserializer hands them over: 1.2 MB once encoded again
        String value = "\uFFFD".repeat(400_000);

        DeadLetterValue letter = DeadLetterValue.of(value);

        int sent = letter.text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(sent <= DeadLetterValue.MAX_BYTES && sent > DeadLetterValue.MAX_BYTES - 3, "sent " + sent);
        assertEquals(OptionalLong.of(1_200_000), letter.originalBytes());
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String value = "a" + "\uD83D\uDE00".repeat(DeadLetterValue.MAX_BYTES / 4);

        String sent = DeadLetterValue.of(value).text();

        assertTrue(Character.isLowSurrogate(sent.charAt(sent.length() - 1)));
        assertEquals(DeadLetterValue.MAX_BYTES - 3, sent.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void noValueStaysNone() {
        assertNull(DeadLetterValue.of(null).text());
    }
}
