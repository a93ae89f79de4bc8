package io.vigil.training.data;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Transaction;
import io.vigil.features.RuleScorer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic generator of labelled payment streams for tenant {@value GeneratorConfig#TENANT}.
 *
 * <p>Each wallet has habits: a lognormal amount level, a handful of usual merchants (each with an MCC), one or
 * two devices, a home country, a time-of-day peak and a channel mix. On top of that ordinary activity, wallets
 * may suffer fraud episodes (account takeover, card testing, velocity burst, amount anomaly, risky merchant
 * category) or go through legitimate events that look suspicious (travel abroad, a big purchase at a usual
 * merchant, a new phone). Episode parameters are drawn from ranges that straddle the rule thresholds of
 * {@link RuleScorer}, as real fraudsters do not stay on one side of a fixed cut-off.
 *
 * <p>Every wallet draws from its own random stream derived from the seed and its index, so the output
 * depends on the seed and the configuration only.
 */
public final class DatasetGenerator {

    private static final long DAY_SECONDS = 86_400L;

    /** Per wallet per 60 days: expected number of episodes of each kind. */
    private static final double ATO_RATE = 0.035;
    private static final double CARD_TESTING_RATE = 0.02;
    private static final double VELOCITY_RATE = 0.025;
    private static final double AMOUNT_ANOMALY_RATE = 0.04;
    private static final double RISKY_MCC_RATE = 0.04;
    private static final double TRAVEL_RATE = 0.10;
    private static final double BIG_PURCHASE_RATE = 0.12;
    private static final double NEW_DEVICE_RATE = 0.08;
    /** Share of wallets with a risky-category merchant (betting, money transfer) among their usual ones. */
    private static final double HABITUAL_RISKY_SHARE = 0.04;

    private static final String[] HOME_COUNTRIES = {"FR", "DE", "ES", "IT", "NL", "BE", "PT", "PL", "GB"};
    private static final double[] HOME_WEIGHTS = {0.30, 0.20, 0.12, 0.10, 0.08, 0.05, 0.05, 0.05, 0.05};
    private static final String[] TRAVEL_COUNTRIES = {"US", "TH", "MA", "GR", "HR", "JP", "CH", "AT", "IE", "TR"};
    private static final String[] FRAUD_COUNTRIES = {"US", "RO", "UA", "NG", "BR", "VN", "ID", "RU", "GB", "NL"};

    private static final String[] MCCS = {"5411", "5812", "5541", "5311", "5912", "5999", "5732", "4111", "5814",
        "4121", "5651", "7011", "5942", "5815", "4900", "4814", "5944", "5045"};
    private static final double[] MCC_WEIGHTS = {0.22, 0.14, 0.08, 0.06, 0.06, 0.08, 0.03, 0.07, 0.08,
        0.03, 0.05, 0.01, 0.02, 0.05, 0.005, 0.005, 0.01, 0.02};
    /** Typical basket relative to the wallet's level: groceries 1, transit 0.15, electronics 4, jewellery 6. */
    private static final double[] MCC_AMOUNT_FACTOR = {1.0, 0.8, 1.4, 1.6, 0.7, 1.0, 4.0, 0.15, 0.4,
        0.6, 1.8, 5.0, 0.6, 0.3, 2.5, 1.5, 6.0, 3.0};
    private static final String[] HIGH_VALUE_MCCS = {"5732", "5944", "5045", "5311", "4829"};
    private static final String[] RISKY_MCCS = {"7995", "6051", "4829", "6540", "5967", "6211", "7801", "7802"};
    private static final String[] TESTING_MCCS = {"5815", "5999", "8398", "5735", "4816"};
    private static final String ATM_MCC = "6011";

    private static final Channel[] CHANNELS = {Channel.CARD_PRESENT, Channel.ECOM, Channel.WALLET, Channel.TRANSFER,
        Channel.ATM, Channel.MOTO};
    private static final double[] CHANNEL_WEIGHTS = {0.45, 0.30, 0.15, 0.05, 0.04, 0.01};
    private static final int[] PEAK_HOURS = {8, 12, 13, 17, 18, 19, 20, 21};

    private record Merchant(String id, String mcc, double amountFactor) {}

    /** A pool of merchants sampled by popularity. */
    private static final class Pool {
        final List<Merchant> merchants = new ArrayList<>();
        double[] cumulative;

        void seal(SplittableRandom rnd) {
            cumulative = new double[merchants.size()];
            double total = 0;
            for (int i = 0; i < cumulative.length; i++) {
                total += Math.exp(0.8 * rnd.nextGaussian());
                cumulative[i] = total;
            }
        }

        Merchant pick(SplittableRandom rnd) {
            return merchants.get(pickIndex(cumulative, rnd));
        }
    }

    /** Mutable state of one wallet while its events are drawn. */
    private static final class Wallet {
        int index;
        String home;
        double mu;
        double sigma;
        double rate;
        int peakHour;
        double[] channelCumulative;
        final List<String> devices = new ArrayList<>();
        final List<String> ips = new ArrayList<>();
        Merchant[] usual;
        double[] usualCumulative;
        Merchant atm;
    }

    /** One drawn event before ids are assigned. */
    private record Event(long epochSecond, int wallet, int seq, Merchant merchant, Channel channel, String country,
            String device, String ip, long cents, Scenario scenario) {}

    private final GeneratorConfig config;
    private final Map<String, Pool> ordinary = new HashMap<>();
    private final Map<String, Pool> risky = new HashMap<>();
    private final Map<String, Pool> atms = new HashMap<>();
    private final Pool testing = new Pool();

    public DatasetGenerator(GeneratorConfig config) {
        this.config = config;
        buildMerchants();
    }

    /** All transactions of all wallets, sorted by occurredAt (ties by wallet, then draw order). */
    public List<LabelledTransaction> generate() {
        List<Event> events = new ArrayList<>(config.wallets() * config.days() * 2);
        for (int w = 0; w < config.wallets(); w++) {
            generateWallet(w, events);
        }
        events.sort(Comparator.comparingLong(Event::epochSecond).thenComparingInt(Event::wallet)
                .thenComparingInt(Event::seq));
        List<LabelledTransaction> out = new ArrayList<>(events.size());
        int width = Math.max(7, Integer.toString(events.size()).length());
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            Transaction tx = new Transaction(
                    GeneratorConfig.TENANT,
                    String.format(Locale.ROOT, "tx-%d-%0" + width + "d", config.seed(), i),
                    walletId(e.wallet()),
                    BigDecimal.valueOf(e.cents(), 2),
                    "EUR",
                    e.merchant().id(),
                    e.merchant().mcc(),
                    e.channel(),
                    e.country(),
                    e.device(),
                    e.ip(),
                    Instant.ofEpochSecond(e.epochSecond()));
            out.add(new LabelledTransaction(tx, e.scenario().fraud(), e.scenario()));
        }
        return out;
    }

    private void buildMerchants() {
        SplittableRandom rnd = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
        int wallets = config.wallets();
        for (int c = 0; c < HOME_COUNTRIES.length; c++) {
            String country = HOME_COUNTRIES[c];
            ordinary.put(country, ordinaryPool(country, Math.max(40, (int) (wallets * HOME_WEIGHTS[c] * 0.4)), rnd));
        }
        for (String country : allForeign()) {
            ordinary.computeIfAbsent(country, k -> ordinaryPool(k, Math.max(30, wallets / 100), rnd));
        }
        for (String country : allCountries()) {
            Pool pool = new Pool();
            int n = Math.max(8, wallets / 400);
            for (int i = 0; i < n; i++) {
                String mcc = RISKY_MCCS[rnd.nextInt(RISKY_MCCS.length)];
                pool.merchants.add(new Merchant(merchantId(country, "r", i), mcc, 2.0));
            }
            pool.seal(rnd);
            risky.put(country, pool);
            Pool atm = new Pool();
            for (int i = 0; i < Math.max(10, wallets / 200); i++) {
                atm.merchants.add(new Merchant(merchantId(country, "atm", i), ATM_MCC, 1.0));
            }
            atm.seal(rnd);
            atms.put(country, atm);
        }
        for (int i = 0; i < Math.max(30, wallets / 100); i++) {
            testing.merchants.add(new Merchant(merchantId("XX", "web", i),
                    TESTING_MCCS[rnd.nextInt(TESTING_MCCS.length)], 0.3));
        }
        testing.seal(rnd);
    }

    private static Pool ordinaryPool(String country, int size, SplittableRandom rnd) {
        Pool pool = new Pool();
        for (int i = 0; i < size; i++) {
            int m = pickIndex(cumulative(MCC_WEIGHTS), rnd);
            pool.merchants.add(new Merchant(merchantId(country, "m", i), MCCS[m], MCC_AMOUNT_FACTOR[m]));
        }
        pool.seal(rnd);
        return pool;
    }

    private void generateWallet(int index, List<Event> out) {
        SplittableRandom rnd = new SplittableRandom(mix(config.seed(), index));
        Wallet w = newWallet(index, rnd);
        List<Event> events = new ArrayList<>();
        double scale = config.days() / 60.0;

        // Legitimate one-off events first: they shape which days are ordinary.
        int travelStart = -1, travelEnd = -1;
        String travelCountry = null;
        if (rnd.nextDouble() < TRAVEL_RATE * scale) {
            travelStart = rnd.nextInt(config.days());
            travelEnd = Math.min(config.days(), travelStart + 3 + rnd.nextInt(8));
            travelCountry = TRAVEL_COUNTRIES[rnd.nextInt(TRAVEL_COUNTRIES.length)];
        }
        int newDeviceDay = rnd.nextDouble() < NEW_DEVICE_RATE * scale ? 1 + rnd.nextInt(Math.max(1, config.days() - 1)) : -1;
        String newDevice = newDeviceDay >= 0 ? deviceId(rnd) : null;
        String travelIp = ipAddress(rnd);

        for (int day = 0; day < config.days(); day++) {
            boolean travelling = day >= travelStart && day < travelEnd;
            int n = poisson(w.rate * (isWeekend(day) ? 1.25 : 1.0), rnd);
            for (int k = 0; k < n; k++) {
                long at = dayStart(day) + hourOfDay(w, rnd) * 3600L + rnd.nextInt(3600);
                if (travelling) {
                    Merchant m = rnd.nextDouble() < 0.1 ? pickUsual(w, rnd) : ordinary.get(travelCountry).pick(rnd);
                    Channel ch = rnd.nextDouble() < 0.75 ? Channel.CARD_PRESENT : Channel.WALLET;
                    events.add(event(at, w, events.size(), m, ch, travelCountry, w.devices.get(0), travelIp,
                            amount(w, m, rnd), Scenario.LEGIT_TRAVEL));
                    continue;
                }
                boolean onNewDevice = newDevice != null && day >= newDeviceDay;
                String device = onNewDevice ? newDevice : pickDevice(w, rnd);
                Scenario scenario = onNewDevice && day < newDeviceDay + 3 ? Scenario.LEGIT_NEW_DEVICE : Scenario.NORMAL;
                Channel ch = CHANNELS[pickIndex(w.channelCumulative, rnd)];
                Merchant m;
                if (ch == Channel.ATM) {
                    m = w.atm;
                } else if (rnd.nextDouble() < 0.85) {
                    m = pickUsual(w, rnd);
                } else {
                    m = ordinary.get(w.home).pick(rnd);
                }
                long cents = ch == Channel.ATM ? (1 + rnd.nextInt(10)) * 2000L : amount(w, m, rnd);
                events.add(event(at, w, events.size(), m, ch, w.home, device, ipOf(w, device), cents, scenario));
            }
        }
        int bigPurchases = poisson(BIG_PURCHASE_RATE * scale, rnd);
        for (int i = 0; i < bigPurchases; i++) {
            long at = randomInstant(rnd, w);
            Merchant m = pickUsual(w, rnd);
            long cents = cents(typical(w) * m.amountFactor() * uniform(rnd, 5, 25));
            events.add(event(at, w, events.size(), m, Channel.CARD_PRESENT, w.home, w.devices.get(0), w.ips.get(0),
                    cents, Scenario.LEGIT_BIG_PURCHASE));
        }
        for (int i = poisson(ATO_RATE * scale, rnd); i > 0; i--) {
            accountTakeover(w, rnd, events);
        }
        for (int i = poisson(CARD_TESTING_RATE * scale, rnd); i > 0; i--) {
            cardTesting(w, rnd, events);
        }
        for (int i = poisson(VELOCITY_RATE * scale, rnd); i > 0; i--) {
            velocityBurst(w, rnd, events);
        }
        for (int i = poisson(AMOUNT_ANOMALY_RATE * scale, rnd); i > 0; i--) {
            amountAnomaly(w, rnd, events);
        }
        for (int i = poisson(RISKY_MCC_RATE * scale, rnd); i > 0; i--) {
            riskyMcc(w, rnd, events);
        }
        long end = config.end().getEpochSecond();
        for (Event e : events) {
            if (e.epochSecond() < end) {
                out.add(e);
            }
        }
    }

    /** New device, often a new country, several large payments within hours at merchants the wallet never used. */
    private void accountTakeover(Wallet w, SplittableRandom rnd, List<Event> events) {
        long at = randomAnyHour(rnd);
        String device = deviceId(rnd);
        String ip = ipAddress(rnd);
        String country = rnd.nextDouble() < 0.75 ? foreign(w, FRAUD_COUNTRIES, rnd) : w.home;
        int n = 1 + Math.min(4, geometric(0.45, rnd));
        for (int i = 0; i < n; i++) {
            Merchant m = rnd.nextDouble() < 0.2
                    ? risky.get(country).pick(rnd)
                    : highValue(ordinary.get(country), rnd);
            double amount = Math.max(typical(w) * uniform(rnd, 2.5, 15), uniform(rnd, 80, 600));
            Channel ch = rnd.nextDouble() < 0.6 ? Channel.ECOM : rnd.nextDouble() < 0.75 ? Channel.TRANSFER : Channel.WALLET;
            events.add(event(at, w, events.size(), m, ch, country, device, ip, cents(amount), Scenario.ACCOUNT_TAKEOVER));
            at += 120 + rnd.nextInt(2400);
        }
    }

    /** Many small authorisations at many web merchants within minutes, sometimes followed by a cash-out. */
    private void cardTesting(Wallet w, SplittableRandom rnd, List<Event> events) {
        long at = randomAnyHour(rnd);
        String device = rnd.nextDouble() < 0.7 ? deviceId(rnd) : w.devices.get(0);
        String ip = ipAddress(rnd);
        String country = rnd.nextDouble() < 0.5 ? w.home : foreign(w, FRAUD_COUNTRIES, rnd);
        int n = 3 + rnd.nextInt(16);
        for (int i = 0; i < n; i++) {
            double amount = rnd.nextDouble() < 0.65 ? uniform(rnd, 0.5, 4.99) : uniform(rnd, 5, 12);
            events.add(event(at, w, events.size(), testing.pick(rnd), Channel.ECOM, country, device, ip, cents(amount),
                    Scenario.CARD_TESTING));
            at += 20 + rnd.nextInt(360);
        }
        if (rnd.nextDouble() < 0.4) {
            at += 1800 + rnd.nextInt(9000);
            events.add(event(at, w, events.size(), risky.get(country).pick(rnd), Channel.ECOM, country, device, ip,
                    cents(uniform(rnd, 150, 900)), Scenario.CARD_TESTING));
        }
    }

    /** Stolen card details spent fast: several ordinary-looking payments within an hour at new merchants. */
    private void velocityBurst(Wallet w, SplittableRandom rnd, List<Event> events) {
        long at = randomAnyHour(rnd);
        boolean newDevice = rnd.nextDouble() < 0.6;
        String device = newDevice ? deviceId(rnd) : w.devices.get(0);
        String ip = newDevice ? ipAddress(rnd) : w.ips.get(0);
        String country = rnd.nextDouble() < 0.7 ? w.home : foreign(w, FRAUD_COUNTRIES, rnd);
        int n = 4 + rnd.nextInt(9);
        Channel ch = rnd.nextDouble() < 0.5 ? Channel.ECOM : rnd.nextDouble() < 0.5 ? Channel.CARD_PRESENT : Channel.WALLET;
        for (int i = 0; i < n; i++) {
            Merchant m = ordinary.get(country).pick(rnd);
            double amount = typical(w) * uniform(rnd, 1, 4) * Math.sqrt(m.amountFactor());
            events.add(event(at, w, events.size(), m, ch, country, device, ip, cents(Math.max(amount, 5)),
                    Scenario.VELOCITY_BURST));
            at += 60 + rnd.nextInt(660);
        }
    }

    /** One or two payments far above the wallet's level at a new high-value merchant, mostly from its own device. */
    private void amountAnomaly(Wallet w, SplittableRandom rnd, List<Event> events) {
        long at = randomAnyHour(rnd);
        boolean newDevice = rnd.nextDouble() < 0.3;
        String device = newDevice ? deviceId(rnd) : w.devices.get(0);
        String ip = newDevice ? ipAddress(rnd) : w.ips.get(0);
        int n = rnd.nextDouble() < 0.7 ? 1 : 2;
        for (int i = 0; i < n; i++) {
            Merchant m = highValue(ordinary.get(w.home), rnd);
            double amount = typical(w) * uniform(rnd, 6, 40);
            Channel ch = rnd.nextDouble() < 0.8 ? Channel.ECOM : Channel.MOTO;
            events.add(event(at, w, events.size(), m, ch, w.home, device, ip, cents(amount), Scenario.AMOUNT_ANOMALY));
            at += 600 + rnd.nextInt(7200);
        }
    }

    /** Quasi-cash, gambling or crypto purchases at merchants the wallet never used. */
    private void riskyMcc(Wallet w, SplittableRandom rnd, List<Event> events) {
        long at = randomAnyHour(rnd);
        boolean newDevice = rnd.nextDouble() < 0.5;
        String device = newDevice ? deviceId(rnd) : w.devices.get(0);
        String ip = newDevice ? ipAddress(rnd) : w.ips.get(0);
        String country = rnd.nextDouble() < 0.8 ? w.home : foreign(w, FRAUD_COUNTRIES, rnd);
        int n = 1 + rnd.nextInt(3);
        for (int i = 0; i < n; i++) {
            Channel ch = rnd.nextDouble() < 0.6 ? Channel.ECOM : Channel.TRANSFER;
            events.add(event(at, w, events.size(), risky.get(country).pick(rnd), ch, country, device, ip,
                    cents(uniform(rnd, 50, 800)), Scenario.RISKY_MCC));
            at += 300 + rnd.nextInt(5400);
        }
    }

    private Wallet newWallet(int index, SplittableRandom rnd) {
        Wallet w = new Wallet();
        w.index = index;
        w.home = HOME_COUNTRIES[pickIndex(cumulative(HOME_WEIGHTS), rnd)];
        w.mu = Math.log(30) + 0.6 * rnd.nextGaussian();
        w.sigma = uniform(rnd, 0.4, 0.9);
        w.rate = Math.min(8, Math.max(0.1, Math.exp(0.6 * rnd.nextGaussian())));
        w.peakHour = PEAK_HOURS[rnd.nextInt(PEAK_HOURS.length)];
        double[] mix = new double[CHANNEL_WEIGHTS.length];
        for (int i = 0; i < mix.length; i++) {
            mix[i] = CHANNEL_WEIGHTS[i] * Math.exp(0.5 * rnd.nextGaussian());
        }
        w.channelCumulative = cumulative(mix);
        int devices = rnd.nextDouble() < 0.3 ? 2 : 1;
        for (int i = 0; i < devices; i++) {
            w.devices.add(deviceId(rnd));
            w.ips.add(ipAddress(rnd));
        }
        int usual = 3 + rnd.nextInt(6);
        w.usual = new Merchant[usual];
        double[] weights = new double[usual];
        Pool home = ordinary.get(w.home);
        for (int i = 0; i < usual; i++) {
            w.usual[i] = home.pick(rnd);
            weights[i] = -Math.log(1 - rnd.nextDouble());
        }
        if (rnd.nextDouble() < HABITUAL_RISKY_SHARE) {
            w.usual[usual - 1] = risky.get(w.home).pick(rnd);
        }
        w.usualCumulative = cumulative(weights);
        w.atm = atms.get(w.home).pick(rnd);
        return w;
    }

    private Event event(long at, Wallet w, int seq, Merchant m, Channel ch, String country, String device, String ip,
            long cents, Scenario scenario) {
        return new Event(at, w.index, seq, m, ch, country, device, ip, cents, scenario);
    }

    private static Merchant pickUsual(Wallet w, SplittableRandom rnd) {
        return w.usual[pickIndex(w.usualCumulative, rnd)];
    }

    private static String pickDevice(Wallet w, SplittableRandom rnd) {
        return w.devices.size() == 1 || rnd.nextDouble() < 0.7 ? w.devices.get(0) : w.devices.get(1);
    }

    /** The home network of a known device; a new phone starts on the wallet's first network. */
    private static String ipOf(Wallet w, String device) {
        int i = w.devices.indexOf(device);
        return w.ips.get(Math.max(i, 0));
    }

    private static Merchant highValue(Pool pool, SplittableRandom rnd) {
        Merchant best = pool.pick(rnd);
        for (int i = 0; i < 6 && !isHighValue(best); i++) {
            best = pool.pick(rnd);
        }
        return best;
    }

    private static boolean isHighValue(Merchant m) {
        for (String mcc : HIGH_VALUE_MCCS) {
            if (mcc.equals(m.mcc())) {
                return true;
            }
        }
        return false;
    }

    private static long amount(Wallet w, Merchant m, SplittableRandom rnd) {
        return cents(Math.exp(w.mu + Math.log(m.amountFactor()) + w.sigma * rnd.nextGaussian()));
    }

    private static double typical(Wallet w) {
        return Math.exp(w.mu);
    }

    private static long cents(double amount) {
        return Math.max(50, Math.round(amount * 100));
    }

    private long hourOfDay(Wallet w, SplittableRandom rnd) {
        if (rnd.nextDouble() < 0.15) {
            return 7 + rnd.nextInt(16);
        }
        return Math.floorMod(Math.round(w.peakHour + 2.5 * rnd.nextGaussian()), 24);
    }

    private long randomInstant(SplittableRandom rnd, Wallet w) {
        return dayStart(rnd.nextInt(config.days())) + hourOfDay(w, rnd) * 3600L + rnd.nextInt(3600);
    }

    /** Fraudsters work in other time zones: any hour of any day. */
    private long randomAnyHour(SplittableRandom rnd) {
        return config.start().getEpochSecond() + (long) (rnd.nextDouble() * config.days() * DAY_SECONDS);
    }

    private long dayStart(int day) {
        return config.start().getEpochSecond() + day * DAY_SECONDS;
    }

    private boolean isWeekend(int day) {
        long epochDay = Math.floorDiv(dayStart(day), DAY_SECONDS);
        int dow = (int) Math.floorMod(epochDay + 3, 7L);
        return dow >= 5;
    }

    private static String foreign(Wallet w, String[] countries, SplittableRandom rnd) {
        String c = countries[rnd.nextInt(countries.length)];
        return c.equals(w.home) ? "US" : c;
    }

    private static List<String> allForeign() {
        List<String> all = new ArrayList<>(List.of(TRAVEL_COUNTRIES));
        for (String c : FRAUD_COUNTRIES) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        return all;
    }

    private static List<String> allCountries() {
        List<String> all = new ArrayList<>(List.of(HOME_COUNTRIES));
        for (String c : allForeign()) {
            if (!all.contains(c)) {
                all.add(c);
            }
        }
        return all;
    }

    private static String walletId(int index) {
        return String.format(Locale.ROOT, "w-%06d", index);
    }

    private static String merchantId(String country, String kind, int i) {
        return String.format(Locale.ROOT, "%s-%s-%05d", kind, country, i);
    }

    private static String deviceId(SplittableRandom rnd) {
        return "dev-" + Long.toHexString(rnd.nextLong() | Long.MIN_VALUE);
    }

    private static String ipAddress(SplittableRandom rnd) {
        return (11 + rnd.nextInt(212)) + "." + rnd.nextInt(256) + "." + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    private static double uniform(SplittableRandom rnd, double lo, double hi) {
        return lo + (hi - lo) * rnd.nextDouble();
    }

    private static int poisson(double lambda, SplittableRandom rnd) {
        double limit = Math.exp(-lambda);
        double p = rnd.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= rnd.nextDouble();
            k++;
        }
        return k;
    }

    private static int geometric(double p, SplittableRandom rnd) {
        int k = 0;
        while (rnd.nextDouble() > p) {
            k++;
        }
        return k;
    }

    private static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double total = 0;
        for (int i = 0; i < weights.length; i++) {
            total += weights[i];
            c[i] = total;
        }
        return c;
    }

    private static int pickIndex(double[] cumulative, SplittableRandom rnd) {
        double x = rnd.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0, hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > x) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    private static long mix(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
