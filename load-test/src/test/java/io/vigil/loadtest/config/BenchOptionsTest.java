package io.vigil.loadtest.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void aSingleRunFindsTheLocalPlatformWithoutFlags() {
        BenchOptions o = BenchOptions.parse(new String[] {"--rate", "200", "--duration", "10", "--repo", "/tmp/repo"});

        assertEquals(List.of(200.0), o.rates());
        assertFalse(o.curve());
        assertEquals(Duration.ofSeconds(10), o.duration());
        assertEquals(List.of("platform"), o.targets());
        assertTrue(o.sagasRequested());
        assertEquals(50, o.clients());
        assertEquals(Path.of("/tmp/repo/.vigil/run/platform.properties"), o.stateFile());
        assertEquals(Path.of("/tmp/repo/config/dev/jwt-dev-private.pem"), o.privateKey());
        assertEquals(Path.of("/tmp/repo/docs/benchmarks-saturation.png"), o.plot());
        assertEquals(Path.of("/tmp/repo/docs/benchmarks-timeline.csv"), o.timeline());
        assertEquals(300_000, o.sloP99Micros());
        assertEquals(Duration.ofSeconds(900), o.warmUp(), "a cap: the warm-up ends when the JIT compilers are quiet");
        assertEquals(200.0, o.warmUpRate());
    }

    @Test
    void theWarmUpRateAndLimitCanBeChosenAndZeroMeansNoWarmUp() {
        BenchOptions o = BenchOptions.parse(new String[] {"--curve", "50,100", "--warmup-rate", "80", "--warmup", "0"});

        assertEquals(80.0, o.warmUpRate());
        assertEquals(Duration.ZERO, o.warmUp());
        assertEquals(50.0, BenchOptions.parse(new String[] {"--curve", "50,100"}).warmUpRate(), "the first rate");
    }

    @Test
    void aCurveSpreadsItsHighestRateOverEnoughClientsToStayUnderTheirBudget() {
        BenchOptions o = BenchOptions.parse(new String[] {"--curve", "250, 500,1000,4000", "--target", "both",
            "--gateway", "http://10.0.0.1:9000", "--kafka", "none"});

        assertEquals(List.of(250.0, 500.0, 1000.0, 4000.0), o.rates());
        assertTrue(o.curve());
        assertEquals(100, o.clients());
        assertEquals(40.0, o.perClientRate());
        assertEquals(List.of("platform", "hops"), o.targets());
        assertEquals(URI.create("http://10.0.0.1:9000"), o.gateway());
        assertFalse(o.sagasRequested());
    }

    @Test
    void badOptionsAreRejectedWithAMessage() {
        assertEquals("--target must be platform, hops or both",
                assertThrows(IllegalArgumentException.class,
                        () -> BenchOptions.parse(new String[] {"--target", "all"})).getMessage());
        assertEquals("unknown option --rat",
                assertThrows(IllegalArgumentException.class,
                        () -> BenchOptions.parse(new String[] {"--rat", "5"})).getMessage());
        assertEquals("--rate must be a positive number, not '-5'",
                assertThrows(IllegalArgumentException.class,
                        () -> BenchOptions.parse(new String[] {"--rate", "-5"})).getMessage());
        assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse(new String[] {"--duration"}));
    }
}
