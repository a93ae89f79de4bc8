package io.vigil.loadtest.data;

import io.vigil.contracts.Channel;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A deterministic stream of realistic payments: the same seed and configuration give the same sequence.
 *
 * <p>Each wallet has habits drawn once from its own random stream: a lognormal amount level, three to six usual
 * merchants (each with a category), one or two devices, a home country and an IP address. The first
 * {@link MixConfig#hotWallets()} wallets are hot and receive {@link MixConfig#hotTrafficShare()} of the ordinary
 * traffic; the last {@link MixConfig#compromisedWallets()} are the victims of card testing. Not thread-safe: one
 * scheduler thread draws the whole sequence, which is what keeps it reproducible.
 */
public final class TrafficMix {

    private static final String[] HOME_COUNTRIES = {"FR", "DE", "ES", "IT", "NL", "BE", "PT", "PL", "GB"};
    private static final String[] TRAVEL_COUNTRIES = {"US", "TH", "MA", "GR", "JP", "CH", "AT", "IE"};
    private static final String[] FRAUD_COUNTRIES = {"RO", "UA", "NG", "BR", "VN", "ID", "US"};
    private static final String[] MCCS = {"5411", "5812", "5541", "5311", "5912", "5999", "4111", "5814", "5651",
        "5815"};
    /** Typical basket relative to the wallet's level, per entry of {@link #MCCS}. */
    private static final double[] MCC_FACTORS = {1.0, 0.8, 1.4, 1.6, 0.7, 1.0, 0.15, 0.4, 1.8, 0.3};
    private static final String[] HIGH_VALUE_MCCS = {"5732", "5944", "5045"};
    private static final String[] TESTING_MCCS = {"5815", "5999", "5735", "4816"};
    private static final Channel[] CHANNELS = {Channel.CARD_PRESENT, Channel.ECOM, Channel.WALLET, Channel.TRANSFER,
        Channel.ATM};
    private static final double[] CHANNEL_CUMULATIVE = {0.47, 0.79, 0.94, 0.98, 1.0};
    private static final int MERCHANTS_PER_COUNTRY = 400;
    private static final int TESTING_MERCHANTS = 200;
    private static final double AMOUNT_SIGMA = 0.6;
    private static final long MAX_CENTS = 5_000_000;

    private record Wallet(String id, String home, double mu, String[] devices, String[] merchants, int[] mccIndex,
            String ip) {}

    private final MixConfig config;
    private final Wallet[] wallets;
    private final SplittableRandom rnd;
    private final int hot;
    private final int compromisedFrom;
    private long fraudDevices;

    public TrafficMix(MixConfig config) {
        this.config = config;
        this.hot = config.hotWallets();
        this.compromisedFrom = config.wallets() - config.compromisedWallets();
        this.wallets = new Wallet[config.wallets()];
        for (int i = 0; i < wallets.length; i++) {
            wallets[i] = newWallet(i, new SplittableRandom(config.seed() * 0x9E3779B97F4A7C15L + i));
        }
        this.rnd = new SplittableRandom(config.seed());
    }

    public MixConfig config() {
        return config;
    }

    public TxSpec next() {
        double u = rnd.nextDouble();
        if (u < config.cardTestingShare()) {
            return cardTesting(wallets[compromisedFrom + rnd.nextInt(config.compromisedWallets())]);
        }
        Wallet w = rnd.nextDouble() < config.hotTrafficShare()
                ? wallets[rnd.nextInt(hot)]
                : wallets[hot + rnd.nextInt(compromisedFrom - hot)];
        return u < config.cardTestingShare() + config.accountTakeoverShare() ? accountTakeover(w) : normal(w);
    }

    /** Whether the wallet id belongs to the hot set. */
    public boolean isHot(String walletId) {
        return walletIndex(walletId) < hot;
    }

    private TxSpec normal(Wallet w) {
        int m = rnd.nextDouble() < 0.6 ? 0 : rnd.nextInt(w.merchants.length);
        double mu = w.mu + Math.log(MCC_FACTORS[w.mccIndex[m]]);
        String country = rnd.nextDouble() < 0.97 ? w.home : pick(TRAVEL_COUNTRIES);
        return new TxSpec(w.id, cents(mu, AMOUNT_SIGMA), w.merchants[m], MCCS[w.mccIndex[m]], channel(), country,
                w.devices[rnd.nextInt(w.devices.length)], w.ip, TrafficKind.NORMAL);
    }

    private TxSpec accountTakeover(Wallet w) {
        double mu = w.mu + Math.log(8 + rnd.nextDouble() * 12);
        String country = pick(FRAUD_COUNTRIES);
        return new TxSpec(w.id, cents(mu, 0.3), merchant(country, rnd.nextInt(MERCHANTS_PER_COUNTRY)),
                pick(HIGH_VALUE_MCCS), Channel.ECOM, country, "d-ato-" + (fraudDevices++), randomIp(),
                TrafficKind.ACCOUNT_TAKEOVER);
    }

    private TxSpec cardTesting(Wallet w) {
        return new TxSpec(w.id, 50 + rnd.nextInt(250), "mt-" + rnd.nextInt(TESTING_MERCHANTS), pick(TESTING_MCCS),
                Channel.ECOM, pick(FRAUD_COUNTRIES), "d-ct-" + rnd.nextInt(8), randomIp(), TrafficKind.CARD_TESTING);
    }

    private Wallet newWallet(int index, SplittableRandom r) {
        String home = HOME_COUNTRIES[r.nextInt(HOME_COUNTRIES.length)];
        double mu = Math.log(35) + 0.7 * r.nextGaussian();
        String[] devices = new String[1 + r.nextInt(2)];
        for (int d = 0; d < devices.length; d++) {
            devices[d] = String.format(Locale.ROOT, "d-%05d-%d", index, d);
        }
        int n = 3 + r.nextInt(4);
        String[] merchants = new String[n];
        int[] mcc = new int[n];
        for (int m = 0; m < n; m++) {
            int id = r.nextInt(MERCHANTS_PER_COUNTRY);
            merchants[m] = merchant(home, id);
            // A merchant's category follows from its id, so two wallets sharing a merchant agree on it.
            mcc[m] = id % MCCS.length;
        }
        String ip = String.format(Locale.ROOT, "%d.%d.%d.%d", 11 + r.nextInt(180), r.nextInt(256), r.nextInt(256),
                1 + r.nextInt(254));
        return new Wallet(walletId(index), home, mu, devices, merchants, mcc, ip);
    }

    private long cents(double mu, double sigma) {
        double euros = Math.exp(mu + sigma * rnd.nextGaussian());
        return Math.clamp(Math.round(euros * 100), 50, MAX_CENTS);
    }

    private Channel channel() {
        double u = rnd.nextDouble();
        for (int i = 0; i < CHANNELS.length; i++) {
            if (u < CHANNEL_CUMULATIVE[i]) {
                return CHANNELS[i];
            }
        }
        return CHANNELS[0];
    }

    private String randomIp() {
        return String.format(Locale.ROOT, "%d.%d.%d.%d", 11 + rnd.nextInt(180), rnd.nextInt(256), rnd.nextInt(256),
                1 + rnd.nextInt(254));
    }

    private String pick(String[] values) {
        return values[rnd.nextInt(values.length)];
    }

    private static String merchant(String country, int id) {
        return "m-" + country + "-" + id;
    }

    static String walletId(int index) {
        return String.format(Locale.ROOT, "w-%05d", index);
    }

    private static int walletIndex(String walletId) {
        return Integer.parseInt(walletId.substring(2));
    }
}
