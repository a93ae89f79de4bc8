package io.vigil.loadtest.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TrafficMixTest {

    private static final int DRAWS = 200_000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    @Test
    void theSameSeedGivesTheSameSequenceAndAnotherSeedAnother() {
        List<TxSpec> a = draw(new TrafficMix(MixConfig.defaults(7)), 1_000);
        List<TxSpec> b = draw(new TrafficMix(MixConfig.defaults(7)), 1_000);
        List<TxSpec> c = draw(new TrafficMix(MixConfig.defaults(8)), 1_000);

        assertEquals(a, b);
        assertNotEquals(a, c);
    }

    @Test
    void onePercentOfWalletsGetsAFifthOfTheOrdinaryTraffic() {
        TrafficMix mix = new TrafficMix(MixConfig.defaults(42));
        long ordinary = 0;
        long hot = 0;
        Set<String> hotWallets = new HashSet<>();
        Set<String> wallets = new HashSet<>();
        for (TxSpec t : draw(mix, DRAWS)) {
            wallets.add(t.walletId());
            if (t.kind() != TrafficKind.CARD_TESTING) {
                ordinary++;
                if (mix.isHot(t.walletId())) {
                    hot++;
                    hotWallets.add(t.walletId());
                }
            }
        }
        double share = (double) hot / ordinary;
        assertTrue(share > 0.19 && share < 0.21, "hot share " + share);
        assertEquals(200, hotWallets.size());
        // Cold wallets see ~8 transactions each over these draws: nearly all of the 20,000 appear.
        assertTrue(wallets.size() > 19_000, "distinct wallets " + wallets.size());
    }

    @Test
    void fraudLikeTrafficHasItsShareAndItsShape() {
        TrafficMix mix = new TrafficMix(MixConfig.defaults(42));
        Map<TrafficKind, Integer> counts = new EnumMap<>(TrafficKind.class);
        Set<String> cardTestingWallets = new HashSet<>();
        for (TxSpec t : draw(mix, DRAWS)) {
            counts.merge(t.kind(), 1, Integer::sum);
            if (t.kind() == TrafficKind.CARD_TESTING) {
                cardTestingWallets.add(t.walletId());
                assertTrue(t.amountCents() < 300, "card testing uses small amounts");
            }
            if (t.kind() == TrafficKind.ACCOUNT_TAKEOVER) {
                assertTrue(t.deviceId().startsWith("d-ato-"), "a takeover comes from a new device");
            }
        }
        double ato = counts.get(TrafficKind.ACCOUNT_TAKEOVER) / (double) DRAWS;
        double cardTesting = counts.get(TrafficKind.CARD_TESTING) / (double) DRAWS;
        assertTrue(ato > 0.004 && ato < 0.006, "ATO share " + ato);
        assertTrue(cardTesting > 0.008 && cardTesting < 0.012, "card-testing share " + cardTesting);
        assertEquals(20, cardTestingWallets.size(), "card testing concentrates on the compromised wallets");
    }

    @Test
    void everyTransactionPassesTheGatewaysFieldRules() {
        for (TxSpec t : draw(new TrafficMix(MixConfig.defaults(3)), 20_000)) {
            assertTrue(ID.matcher(t.walletId()).matches(), t.walletId());
            assertTrue(t.merchantCategory().matches("\\d{4}"), t.merchantCategory());
            assertTrue(COUNTRIES.contains(t.country()), t.country());
            assertTrue(t.amountCents() >= 50 && t.amount().scale() == 2, t.amount().toPlainString());
            assertTrue(t.ipAddress().matches("\\d{1,3}(\\.\\d{1,3}){3}"), t.ipAddress());
            assertTrue(t.merchantId().length() <= 128 && t.deviceId().length() <= 128);
        }
    }

    @Test
    void amountsAreSpreadLikeALognormal() {
        List<Long> normal = new ArrayList<>();
        for (TxSpec t : draw(new TrafficMix(MixConfig.defaults(5)), 50_000)) {
            if (t.kind() == TrafficKind.NORMAL) {
                normal.add(t.amountCents());
            }
        }
        normal.sort(Long::compare);
        long median = normal.get(normal.size() / 2);
        long p99 = normal.get((int) (normal.size() * 0.99));
        assertTrue(median > 1_000 && median < 6_000, "median " + median);
        assertTrue(p99 > 5 * median, "a long right tail: p99 " + p99 + " vs median " + median);
    }

    private static List<TxSpec> draw(TrafficMix mix, int n) {
        List<TxSpec> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(mix.next());
        }
        return out;
    }
}
