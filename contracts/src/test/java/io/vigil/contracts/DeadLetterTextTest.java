package io.vigil.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeadLetterTextTest {

    @Test
    void aValueWithinTheLimitGoesWhole() {
        String value = "x".repeat(DeadLetterText.MAX_VALUE_BYTES);

        DeadLetterText letter = DeadLetterText.value(value);

        assertSame(value, letter.text());
        assertEquals(OptionalLong.empty(), letter.readBytes());
    }

    @Test
    void binaryReadAsTextIsCutToTheLimitAndItsSizeKept() {
        // 400 KB that are not UTF-8, as StringDeserializer hands them over: 1.2 MB once encoded again
        String value = "\uFFFD".repeat(400_000);

        DeadLetterText letter = DeadLetterText.value(value);

        int sent = letter.text().getBytes(StandardCharsets.UTF_8).length;
        assertTrue(sent <= DeadLetterText.MAX_VALUE_BYTES && sent > DeadLetterText.MAX_VALUE_BYTES - 3, "sent " + sent);
        assertEquals(OptionalLong.of(1_200_000), letter.readBytes());
    }

    @Test
    void aKeyHasASmallerLimitSoKeyValueAndHeadersFitOneRequest() {
        DeadLetterText key = DeadLetterText.key("\uFFFD".repeat(350_000));

        assertTrue(key.text().getBytes(StandardCharsets.UTF_8).length <= DeadLetterText.MAX_KEY_BYTES);
        assertEquals(OptionalLong.of(1_050_000), key.readBytes());
        assertSame("w-42", DeadLetterText.key("w-42").text());
    }

    @Test
    void aCutNeverSplitsACharacter() {
        String value = "a" + "\uD83D\uDE00".repeat(DeadLetterText.MAX_VALUE_BYTES / 4);

        String sent = DeadLetterText.value(value).text();

        assertTrue(Character.isLowSurrogate(sent.charAt(sent.length() - 1)));
        assertEquals(DeadLetterText.MAX_VALUE_BYTES - 3, sent.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void noTextStaysNone() {
        assertNull(DeadLetterText.value(null).text());
    }
}
