package io.vigil.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.features.RuleScorer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static final GeneratorConfig CONFIG = new GeneratorConfig(1500, 30, 7);
    private static List<LabelledTransaction> rows;

    @BeforeAll
    static void generate() {
        rows = new DatasetGenerator(CONFIG).generate();
    }

    @Test
    void sameSeedGivesTheSameStream() {
        assertEquals(rows, new DatasetGenerator(CONFIG).generate());
    }

    @Test
    void anotherSeedGivesAnotherStream() {
        assertNotEquals(rows, new DatasetGenerator(new GeneratorConfig(1500, 30, 8)).generate());
    }

    @Test
    void fraudRateIsRealistic() {
        long fraud = rows.stream().filter(LabelledTransaction::fraud).count();
        double rate = (double) fraud / rows.size();
        assertTrue(rate >= 0.005 && rate <= 0.02, "fraud rate " + rate);
    }

    @Test
    void everyScenarioIsPresentAndLabelsFollowScenarios() {
        Map<Scenario, Long> counts = new EnumMap<>(Scenario.class);
        for (LabelledTransaction row : rows) {
            counts.merge(row.scenario(), 1L, Long::sum);
            assertEquals(row.scenario().fraud(), row.fraud());
        }
        for (Scenario s : Scenario.values()) {
            assertTrue(counts.getOrDefault(s, 0L) > 0, "no rows of " + s.label());
        }
    }

    @Test
    void streamIsSortedWithinTheWindowWithUniqueIdsForTenantAcme() {
        for (int i = 0; i < rows.size(); i++) {
            var tx = rows.get(i).transaction();
            assertEquals("acme", tx.tenant());
            assertFalse(tx.occurredAt().isBefore(CONFIG.start()));
            assertTrue(tx.occurredAt().isBefore(CONFIG.end()));
            assertTrue(tx.amount().signum() > 0 && tx.amount().scale() == 2);
            if (i > 0) {
                assertFalse(tx.occurredAt().isBefore(rows.get(i - 1).transaction().occurredAt()));
            }
        }
        assertEquals(rows.size(), rows.stream().map(r -> r.transaction().transactionId()).distinct().count());
    }

    @Test
    void riskyMccScenarioUsesRiskyCategoriesAndCardTestingUsesSmallAmounts() {
        assertTrue(rows.stream().filter(r -> r.scenario() == Scenario.RISKY_MCC)
                .allMatch(r -> RuleScorer.RISKY_MCC.contains(r.transaction().merchantCategory())));
        long small = rows.stream().filter(r -> r.scenario() == Scenario.CARD_TESTING)
                .filter(r -> r.transaction().amount().doubleValue() < 12.01).count();
        long all = rows.stream().filter(r -> r.scenario() == Scenario.CARD_TESTING).count();
        assertTrue(small > 0.8 * all, small + " small of " + all);
    }
}
