package io.vigil.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vigil.loadtest.config.BenchOptions;
import io.vigil.loadtest.service.Benchmark.WarmUpResult;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class BenchCliTest {

    private final BenchOptions options = BenchOptions.parse(new String[] {"--curve", "50,100", "--warmup-rate", "80"});

    @Test
    void theReportSaysHowLongEachTargetWarmedAndWhetherItsCompilersSettled() {
        List<WarmUpResult> warmUps = List.of(
                new WarmUpResult("platform", Duration.ofSeconds(900), OptionalDouble.of(0.23)),
                new WarmUpResult("hops", Duration.ofSeconds(30), OptionalDouble.of(0.02)));

        assertEquals("warm-up at 80 tx/s until the platform's JIT compilers used under 0.1 cores for 30 s (at most"
                + " 900 s): platform 900 s (compilers still at 0.23 cores), hops 30 s",
                BenchCli.warmUpSentence(options, warmUps));
    }

    @Test
    void aFixedWarmUpOrNoneIsReportedAsSuch() {
        assertEquals("warm-up at 80 tx/s: hops 900 s", BenchCli.warmUpSentence(options,
                List.of(new WarmUpResult("hops", Duration.ofSeconds(900), OptionalDouble.empty()))));
        assertEquals("no warm-up", BenchCli.warmUpSentence(options, List.of()));
    }
}
