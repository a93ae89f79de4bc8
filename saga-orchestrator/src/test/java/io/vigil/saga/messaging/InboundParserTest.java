package io.vigil.saga.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class InboundParserTest {

    private final InboundParser parser = new InboundParser(new ObjectMapper().findAndRegisterModules());

    @Test
    void aCancellationWithIdsOfAnyAcceptedLengthIsRead() {
        String id = "t".repeat(256);

        InboundParser.Parsed<?> parsed = parser.cancellation(cancellation(id, id));

        assertNull(parsed.rejection());
    }

    @Test
    void anIdLongerThanAnyDecidedTransactionCouldHaveIsPoison() {
        InboundParser.Parsed<?> parsed = parser.cancellation(cancellation("tx-1", "w".repeat(257)));

        assertEquals("invalid: walletId longer than 256 characters", parsed.rejection());
    }

    private static String cancellation(String transactionId, String walletId) {
        return "{\"tenant\":\"acme\",\"transactionId\":\"" + transactionId + "\",\"walletId\":\"" + walletId + "\"}";
    }

    @Test
    void aReplyCarriesTheSagasOwnIdsWhateverTheirLength() {
        String sagaId = "t".repeat(128) + "/" + "x".repeat(128);
        String reply = "{\"commandId\":\"" + sagaId + ":record:1\",\"sagaId\":\"" + sagaId + "\",\"success\":true}";

        assertNull(parser.reply(reply).rejection());
    }
}
