package io.vigil.benchmarks;

import io.vigil.contracts.Channel;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * One tenant's wallet history as enrichment-service stores it, before {@link Samples#T}: {@code wallets}
 * ordinary wallets with 5 to 15 payments each over 90 days (about 10, a few in the 30-day window), and
 * {@link #HOT_WALLETS} busy ones with {@link #HOT_ROWS} payments in the window. Habitual shapes: one or two
 * devices, a home country, three favourite merchants among {@link #MERCHANTS} of skewed popularity; 1 %
 * VOIDED, 1 % labelled FRAUD. Deterministic for a given wallet count.
 */
final class HistorySeed {

    static final String TENANT = "acme";
    static final int HOT_WALLETS = 10;
    static final int HOT_ROWS = 200;
    static final int MERCHANTS = 2_000;

    private static final String COLUMNS = "tenant, transaction_id, wallet_id, occurred_at, amount, currency,"
            + " reference_amount, merchant_id, mcc, channel, country, device_id, ip, decision, score, model_version,"
            + " degraded, status, label, response, created_at";
    private static final String MODEL_VERSION = "vigil-fraud-lr-20261207-s7";
    private static final String[] MCCS = {"5411", "5812", "5999", "4111", "5732", "5311", "7995", "4829"};
    private static final String[] ABROAD = {"DE", "ES", "IT", "BE", "GB"};
    private static final int ROWS_PER_COPY = 20_000;

    private final Random random;
    private final StringBuilder rows = new StringBuilder();
    private int pending;
    private int total;

    private HistorySeed(long seed) {
        random = new Random(seed);
    }

    static String normalWallet(int i) {
        return "w-%06d".formatted(i);
    }

    static String hotWallet(int i) {
        return "hot-%02d".formatted(i);
    }

    /** Loads the history with COPY; returns the number of rows. */
    static int load(Connection connection, int wallets) throws SQLException, IOException {
        HistorySeed seed = new HistorySeed(wallets);
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        for (int w = 0; w < wallets; w++) {
            seed.wallet(normalWallet(w), 5 + seed.random.nextInt(11), Duration.ofDays(90));
            seed.flushIfFull(copy);
        }
        for (int w = 0; w < HOT_WALLETS; w++) {
            seed.wallet(hotWallet(w), HOT_ROWS, Duration.ofDays(30));
            seed.flushIfFull(copy);
        }
        seed.flush(copy);
        return seed.total;
    }

    private void wallet(String walletId, int payments, Duration span) {
        String[] devices = random.nextInt(4) == 0
                ? new String[] {walletId + "-d1", walletId + "-d2"}
                : new String[] {walletId + "-d1"};
        String[] merchants = {merchant(), merchant(), merchant()};
        for (int k = 0; k < payments; k++) {
            Instant at = Samples.T.minusMillis(1 + (long) (random.nextDouble() * span.toMillis()));
            String merchant = random.nextInt(5) == 0 ? merchant() : merchants[random.nextInt(merchants.length)];
            int roll = random.nextInt(100);
            String decision = roll < 92 ? "APPROVE" : roll < 97 ? "REVIEW" : "DECLINE";
            double score = decision.equals("APPROVE") ? random.nextDouble() * 0.008
                    : decision.equals("REVIEW") ? 0.0082 + random.nextDouble() * 0.15 : 0.1629 + random.nextDouble() * 0.8;
            String status = random.nextInt(100) == 0 ? "VOIDED"
                    : at.isAfter(Samples.T.minus(Duration.ofDays(1))) ? "PENDING" : "RECORDED";
            int label = random.nextInt(100);
            String transactionId = "tx-" + walletId + "-" + k;
            String amount = String.format(Locale.ROOT, "%.2f", Math.exp(3.5 + random.nextGaussian() * 0.9));
            row(TENANT, transactionId, walletId, at.toString(), amount, "EUR", amount, merchant,
                    MCCS[Integer.parseInt(merchant.substring(2)) % MCCS.length], channel().name(),
                    random.nextInt(20) == 0 ? ABROAD[random.nextInt(ABROAD.length)] : "FR",
                    devices[random.nextInt(devices.length)], "192.0.2." + random.nextInt(256), decision,
                    Double.toString(score), MODEL_VERSION, "f", status,
                    label == 0 ? "FRAUD" : label < 20 ? "LEGIT" : null,
                    "{\"transactionId\":\"" + transactionId + "\",\"decision\":\"" + decision + "\",\"score\":" + score
                            + ",\"modelVersion\":\"" + MODEL_VERSION + "\",\"degraded\":false}",
                    at.plusMillis(40).toString());
        }
    }

    /** Popularity falls off steeply: the top merchant takes about 2 % of all payments. */
    private String merchant() {
        double u = random.nextDouble();
        return "m-" + (int) (MERCHANTS * u * u);
    }

    private Channel channel() {
        int roll = random.nextInt(20);
        return roll < 10 ? Channel.ECOM : roll < 17 ? Channel.CARD_PRESENT : roll < 19 ? Channel.WALLET : Channel.TRANSFER;
    }

    /** One line of COPY text format; the values hold no tab, newline or backslash. */
    private void row(String... values) {
        for (int i = 0; i < values.length; i++) {
            rows.append(i == 0 ? "" : "\t").append(values[i] == null ? "\\N" : values[i]);
        }
        rows.append('\n');
        pending++;
        total++;
    }

    private void flushIfFull(CopyManager copy) throws SQLException, IOException {
        if (pending >= ROWS_PER_COPY) {
            flush(copy);
        }
    }

    private void flush(CopyManager copy) throws SQLException, IOException {
        copy.copyIn("COPY wallet_transaction (" + COLUMNS + ") FROM STDIN", new StringReader(rows.toString()));
        rows.setLength(0);
        pending = 0;
    }
}
