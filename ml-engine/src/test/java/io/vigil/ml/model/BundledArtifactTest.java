package io.vigil.ml.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Channel;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Reason;
import io.vigil.features.Thresholds;
import io.vigil.ml.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the model shipped in src/main/resources/models must not do, whatever its weights: a first-seen device,
 * country or merchant is a risk signal, so it may never make a payment look safer. A product term trained on
 * a handful of rows broke this once: its weight per unit of {@code newDevice * count1h} was -2.3, so a burst of
 * ten payments in the hour from a new device scored 0.0000 (approved) and from a known device 0.98 (declined).
 */
class BundledArtifactTest {

    private static LogisticModel model;

    @BeforeAll
    static void load() throws Exception {
        ArtifactRef bundled = ArtifactRef.newestIn(BundledArtifactTest.class.getClassLoader(), "models").orElseThrow();
        ModelArtifact artifact = ArtifactReader.read(bundled.read(BundledArtifactTest.class.getClassLoader()),
                bundled.description());
        model = new LogisticModel(artifact, new Thresholds(artifact.thresholds().review(),
                artifact.thresholds().decline()), 3);
    }

    @Test
    void aFirstSeenDeviceCountryOrMerchantNeverLowersTheScore() {
        List<String> lowered = new ArrayList<>();
        for (Features context : contexts()) {
            for (String signal : List.of("newDevice", "newCountry", "newMerchant")) {
                double without = score(with(context, signal, false));
                double with = score(with(context, signal, true));
                if (with < without) {
                    lowered.add(String.format("%s lowers %.4f to %.4f at %s", signal, without, with, context));
                }
            }
        }
        assertTrue(lowered.isEmpty(), lowered.size() + " cases, e.g. " + lowered.stream().limit(3).toList());
    }

    /** Terms sharing a code (log(count1h) and count1h > 5 are both VELOCITY) give it once, leaving room for others. */
    @Test
    void eachReasonCodeIsGivenOnce() {
        List<String> repeated = new ArrayList<>();
        List<Features> contexts = new ArrayList<>(contexts());
        for (int count1h = 6; count1h <= 8; count1h++) {
            // a burst within the hour, the rest of the wallet ordinary: both velocity terms count
            contexts.add(new Features(20, count1h, count1h + 1, count1h + 4, count1h * 20.0, count1h * 20.0 + 20,
                    count1h * 20.0 + 80, 22, 5, 0.1, 1, 1, 1, 60, false, false, false, 200, 0, 0, 0.01, 12));
        }
        for (Features context : contexts) {
            List<String> codes = model.score(Fixtures.enriched("20.00", "5411", Channel.CARD_PRESENT, context))
                    .reasons().stream().map(Reason::code).toList();
            if (codes.size() != codes.stream().distinct().count()) {
                repeated.add(codes + " at " + context);
            }
        }
        assertTrue(repeated.isEmpty(), repeated.size() + " cases, e.g. " + repeated.stream().limit(3).toList());
    }

    /** Habitual, burst-like and anomalous payments: velocity, amount z-score and merchant spread over their range. */
    private static List<Features> contexts() {
        List<Features> contexts = new ArrayList<>();
        for (int count1h : new int[] {0, 1, 2, 5, 10, 30, 100}) {
            for (double zScore : new double[] {-5, 0, 3, 8, 20}) {
                for (int merchants : new int[] {1, 5, 30}) {
                    double amount = 40 + 10 * zScore;
                    contexts.add(new Features(Math.max(1, amount), count1h, count1h + 2, count1h + 10,
                            count1h * 20.0, count1h * 20.0 + 80, count1h * 20.0 + 400, 40, 10, zScore, merchants,
                            1, 2, count1h > 0 ? 60 : 7200, false, false, false, 200, 0, 0, 0.01, 14));
                }
            }
        }
        return contexts;
    }

    private static Features with(Features f, String signal, boolean on) {
        return new Features(f.amount(), f.count1h(), f.count24h(), f.count7d(), f.sum1h(), f.sum24h(), f.sum7d(),
                f.amountMean30d(), f.amountStd30d(), f.amountZScore(), f.distinctMerchants24h(),
                f.distinctCountries24h(), f.distinctDevices7d(), f.secondsSinceLast(),
                signal.equals("newDevice") ? on : f.newDevice(), signal.equals("newCountry") ? on : f.newCountry(),
                signal.equals("newMerchant") ? on : f.newMerchant(), f.walletAgeDays(), f.declined24h(), f.fraud30d(),
                f.merchantFraudRate(), f.hourOfDay());
    }

    private static double score(Features features) {
        String amount = String.format(Locale.ROOT, "%.2f", features.amount());
        EnrichedTransaction tx = Fixtures.enriched(amount, "5411", Channel.ECOM, features);
        return model.probability(tx);
    }
}
