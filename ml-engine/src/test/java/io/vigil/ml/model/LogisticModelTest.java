package io.vigil.ml.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoreResult;
import io.vigil.features.Thresholds;
import io.vigil.ml.Fixtures;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LogisticModelTest {

    private static ModelArtifact artifact;
    private static LogisticModel model;

    @BeforeAll
    static void load() throws Exception {
        artifact = ArtifactReader.read(Fixtures.resource("test-models/" + Fixtures.CHAMPION), "test");
        model = new LogisticModel(artifact, new Thresholds(0.5, 0.85), 3);
    }

    /** The takeover's logit worked out term by term from the artifact's numbers. */
    static double takeoverLogitByHand() {
        return -6.0
                + 0.8 * (Math.log1p(900) - 3.0) / 1.0 // log_amount
                + 0.5 * (8.1 - 0.0) / 1.0 // amountZScore, inside the clip
                + 0.6 * (1 - 0.1) / 0.3 // newDevice
                + 0.7 * (1 - 0.02) / 0.14 // newDevice*newCountry
                + 0.4 * (0 - 0.05) / 0.2 // riskyMcc: 5732 is not listed
                + 0.2 * (1 - 0.5) / 0.5 // channel_ECOM
                + 0.9 * (0 - 0.01) / 0.1; // velocity: 1 in the hour is not above 5
    }

    @Test
    void scoreIsTheSigmoidOfTheHandComputedLogit() {
        ScoreResult result = model.score(Fixtures.takeover());

        assertEquals(1 / (1 + Math.exp(-takeoverLogitByHand())), result.score(), 1e-12);
        assertEquals(result.score(), model.probability(Fixtures.takeover()), 0);
        assertEquals(Decision.DECLINE, result.decision());
        assertEquals("lr-test-2", result.modelVersion());
    }

    @Test
    void contributionsPlusBiasAreTheLogitOfTheScore() {
        for (EnrichedTransaction tx : List.of(Fixtures.habitual(), Fixtures.takeover(), Fixtures.burst())) {
            double score = model.probability(tx);
            double logit = Math.log(score / (1 - score));

            assertEquals(logit, model.bias() + Arrays.stream(model.contributions(tx)).sum(), 1e-6);
        }
    }

    @Test
    void reasonsAreTheTopThreePositiveContributionsThenTheFiredRules() {
        double[] contributions = model.contributions(Fixtures.takeover());

        List<Reason> reasons = model.score(Fixtures.takeover()).reasons();

        assertEquals(List.of("NEW_DEVICE_NEW_COUNTRY", "AMOUNT_ANOMALY", "AMOUNT", "RULE_ACCOUNT_TAKEOVER",
                "RULE_AMOUNT_ANOMALY", "RULE_NEW_DEVICE", "RULE_NEW_COUNTRY"), reasons.stream().map(Reason::code).toList());
        assertEquals(Math.round(contributions[3] * 10_000) / 10_000.0, reasons.get(0).weight());
        assertEquals(4.05, reasons.get(1).weight());
        assertEquals("amount 900.00 EUR is 8.1 sd above the 30-day mean", reasons.get(1).detail());
        assertEquals("first payment from device device-9 and first payment from BR", reasons.get(0).detail());
        assertEquals("amount 900.00 EUR", reasons.get(2).detail());
    }

    @Test
    void approvedTransactionGetsOnlyItsPositiveContributionsAndNoRules() {
        ScoreResult result = model.score(Fixtures.habitual());

        assertEquals(Decision.APPROVE, result.decision());
        assertEquals(List.of("AMOUNT_ANOMALY", "AMOUNT"), result.reasons().stream().map(Reason::code).toList());
        assertTrue(result.reasons().stream().allMatch(r -> r.weight() > 0));
    }

    @Test
    void indicatorAndCategoryTermsFollowTheTransaction() {
        List<Reason> reasons = model.score(Fixtures.burst()).reasons();

        assertEquals("VELOCITY", reasons.get(0).code());
        assertEquals("7 transactions in the last hour (above 5)", reasons.get(0).detail());
        assertTrue(reasons.stream().anyMatch(r -> r.code().equals("RULE_VELOCITY")));
    }

    @Test
    void thresholdsDecide() {
        LogisticModel strict = new LogisticModel(artifact, new Thresholds(0.001, 0.5), 3);

        assertEquals(Decision.REVIEW, strict.score(Fixtures.habitual()).decision());
    }

    @Test
    void termWithoutReasonCodeGetsOneFromItsName() {
        assertEquals("CHANNEL_ECOM", LogisticModel.defaultCode("channel_ECOM"));
        assertEquals("AMOUNT_ZSCORE", LogisticModel.defaultCode("amountZScore"));
        assertEquals("NEW_DEVICE_NEW_COUNTRY", LogisticModel.defaultCode("newDevice*newCountry"));
    }

    @Test
    void featuresThatCancelOutToNothingAreRefusedRatherThanScored() {
        Features huge = new Features(Double.MAX_VALUE, 0, 0, 0, 0, 0, 0, 0, 0, Double.POSITIVE_INFINITY, 0, 0, 0, 0,
                true, true, false, 0, 0, 0, 0, 0);
        ModelArtifact.Term nanTerm = new ModelArtifact.Term("z", "identity", List.of("amountZScore"), null, null, null,
                null);
        ModelArtifact single = new ModelArtifact(artifact.format(), artifact.name(), "nan", artifact.algorithm(),
                artifact.features(), List.of(nanTerm, nanTerm), new double[] {0, 0}, new double[] {1, 1},
                new double[] {1, -1}, 0.0, null, artifact.thresholds(), null, null, null);
        LogisticModel nan = new LogisticModel(single, new Thresholds(0.5, 0.85), 3);

        assertThrows(NonFiniteScoreException.class,
                () -> nan.score(Fixtures.enriched("1.00", "5411", io.vigil.contracts.Channel.ECOM, huge)));
    }
}
