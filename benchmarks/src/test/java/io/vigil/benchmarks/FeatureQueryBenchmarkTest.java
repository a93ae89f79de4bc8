package io.vigil.benchmarks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.enrichment.repository.HistoryRepository;
import io.vigil.features.WalletHistory;
import java.sql.SQLException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The snapshot benchmark on a small seed, against the local PostgreSQL server like the services' tests. */
class FeatureQueryBenchmarkTest {

    @Test
    void hotWalletSnapshotReadsItsWindowAndTheDatabaseIsDroppedAfterwards() throws Exception {
        FeatureQueryBenchmark b = benchmark("hot", "off");
        WalletHistory history = snapshotOnce(b);
        assertTrue(history.recent().size() > 150 && history.recent().size() <= HistorySeed.HOT_ROWS,
                history.recent().size() + " events: the hot wallet's 30 days, less the voided ones");
        assertNotNull(history.firstSeenAt());
        assertTrue(history.deviceSeen() && history.countrySeen() && history.merchantSeen(), "a habitual payment");
        assertTrue(history.merchantCount30d() > 0);
        assertThrows(SQLException.class, () -> b.database.connect().close(), "no database left behind");
    }

    @Test
    void normalWalletSnapshotWithTheStatementCacheOnAnswersTheSameTwice() throws Exception {
        FeatureQueryBenchmark b = benchmark("normal", "on");
        b.setUp();
        try {
            WalletHistory first = b.snapshot();
            for (int i = 0; i < 5; i++) {
                b.snapshot();
            }
            assertEquals(first, b.snapshot());
            assertTrue(first.recent().size() < 15, "an ordinary wallet has a few payments in 30 days");
        } finally {
            b.tearDown();
        }
    }

    @Test
    void vertxPlaceholdersBecomeJdbcOnesBoundInOrder() {
        var query = FeatureQueryBenchmark.JdbcQuery.of("a = $1 AND b = $2 OR c = $1");
        assertEquals("a = ? AND b = ? OR c = ?", query.sql());
        assertArrayEquals(new int[] {1, 2, 1}, query.placeholders());
        var snapshot = FeatureQueryBenchmark.JdbcQuery.of(HistoryRepository.SNAPSHOT);
        assertEquals(16, Arrays.stream(snapshot.placeholders()).max().orElseThrow(), "tenant .. probe merchant");
        assertTrue(snapshot.sql().indexOf('$') < 0);
    }

    @Test
    void hotWalletWithItsHistoryKeptReadsOnlyTheMinuteAndProbesNothing() throws Exception {
        WalletHistory history = snapshotOnce(benchmark("hot", "on", "kept"));
        assertTrue(history.recent().size() < 5, history.recent().size() + " events: those of T's minute");
        assertNull(history.firstSeenAt(), "left to the history kept");
        assertTrue(history.merchantCount30d() > 0, "the merchant's counts are still the statement's");
    }

    /** One trial with one snapshot: its database created, seeded and dropped. */
    private static WalletHistory snapshotOnce(FeatureQueryBenchmark b) throws Exception {
        b.setUp();
        try {
            return b.snapshot();
        } finally {
            b.tearDown();
        }
    }

    private static FeatureQueryBenchmark benchmark(String wallet, String statementCache) {
        return benchmark(wallet, statementCache, "whole");
    }

    private static FeatureQueryBenchmark benchmark(String wallet, String statementCache, String history) {
        FeatureQueryBenchmark b = new FeatureQueryBenchmark();
        b.wallet = wallet;
        b.statementCache = statementCache;
        b.history = history;
        b.wallets = 300;
        return b;
    }
}
