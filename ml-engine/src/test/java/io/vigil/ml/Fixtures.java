package io.vigil.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vigil.contracts.Channel;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Transactions whose scores under the hand-made test artifacts are worked out in the tests. */
public final class Fixtures {

    public static final String CHAMPION = "vigil-fraud-lr-test-2.json";
    public static final String CHALLENGER = "vigil-fraud-lr-test-1.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Fixtures() {}

    /** A regular grocery payment: 20.00, known device and country, card present. */
    public static EnrichedTransaction habitual() {
        return enriched("20.00", "5411", Channel.CARD_PRESENT,
                new Features(20, 0, 1, 4, 0, 18, 80, 22, 5, 0.1, 1, 1, 1, 7200, false, false, false, 200, 0, 0, 0.01, 12));
    }

    /** Account takeover: 900.00 online from a new device in a new country, 8.1 sd above the mean. */
    public static EnrichedTransaction takeover() {
        return enriched("900.00", "5732", Channel.ECOM,
                new Features(900, 1, 2, 5, 900, 950, 1100, 25, 108, 8.1, 2, 2, 2, 600, true, true, true, 200, 0, 0, 0.02, 3));
    }

    /** A burst: the 7th online payment of 50.00 within the hour from a known device. */
    public static EnrichedTransaction burst() {
        return enriched("50.00", "5411", Channel.ECOM,
                new Features(50, 7, 8, 10, 350, 400, 500, 40, 10, 1.0, 3, 1, 1, 30, false, false, false, 200, 0, 0, 0.01, 14));
    }

    public static EnrichedTransaction enriched(String amount, String mcc, Channel channel, Features features) {
        Transaction tx = new Transaction("acme", "tx-1", "wallet-1", new BigDecimal(amount), "EUR", "merchant-1", mcc,
                channel, "BR", "device-9", "10.0.0.1", Instant.parse("2026-11-20T12:00:00Z"));
        return new EnrichedTransaction(tx, features);
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asMap(Object value) {
        return JSON.convertValue(value, Map.class);
    }

    public static byte[] resource(String name) {
        try (InputStream in = Fixtures.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Value of one Prometheus sample whose labels include all given ones (exemplars ignored); 0 when absent. */
    public static double metric(String scrape, String name, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        while (m.find()) {
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= m.group(1).contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
