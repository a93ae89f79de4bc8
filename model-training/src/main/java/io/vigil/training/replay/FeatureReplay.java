package io.vigil.training.replay;

import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.Transaction;
import io.vigil.features.FeatureCalculator;
import io.vigil.features.InMemoryHistory;
import io.vigil.features.ReferenceCurrency;
import io.vigil.features.RuleScorer;
import io.vigil.features.Thresholds;
import io.vigil.training.data.LabelledTransaction;
import java.util.List;

/**
 * Replays a generated stream in time order through the serving feature code: for each transaction, the
 * wallet's history snapshot strictly before it ({@link InMemoryHistory#snapshot}), the features
 * ({@link FeatureCalculator#compute}) and the rules baseline ({@link RuleScorer}); then the transaction is
 * added to the history.
 *
 * <p>What the history records, and why:
 * <ul>
 *   <li>{@code declined} is what the rules baseline decided ({@link Decision#DECLINE} at
 *       {@link Thresholds#DEFAULT}): the training stream stands for the period before the model existed, when
 *       the rules decided, so {@code declined24h} means what it will mean in production for a rules-era history.
 *   <li>{@code fraud} is the scenario label, visible immediately. {@link InMemoryHistory} records a label once,
 *       when the transaction is added, so a delay cannot be replayed through it; this makes {@code fraud30d}
 *       and {@code merchantFraudRate} somewhat more informative in training than with analyst verdicts that
 *       arrive days later in production, for the model and the rules baseline alike.
 * </ul>
 */
public final class FeatureReplay {

    /** Receives each transaction with the features and the rules answer it got at its own snapshot. */
    @FunctionalInterface
    public interface Sink {
        void accept(int index, LabelledTransaction row, Features features, ScoreResult rules);
    }

    /**
     * The generated data is in the model's currency, the one enrichment-service counts in; a row in any other
     * fails the replay instead of teaching the model raw amounts.
     */
    private static final ReferenceCurrency CURRENCY = ReferenceCurrency.only(ReferenceCurrency.MODEL_CURRENCY);

    private FeatureReplay() {}

    /** Rows must be sorted by occurredAt; the sink sees them in that order. */
    public static void replay(List<LabelledTransaction> rows, Sink sink) {
        InMemoryHistory history = new InMemoryHistory();
        for (int i = 0; i < rows.size(); i++) {
            LabelledTransaction row = rows.get(i);
            Transaction tx = row.transaction();
            if (i > 0 && tx.occurredAt().isBefore(rows.get(i - 1).transaction().occurredAt())) {
                throw new IllegalArgumentException("rows must be sorted by occurredAt; row " + i + " is out of order");
            }
            double amount = CURRENCY.convert(tx.amount(), tx.currency()).doubleValue();
            Features features = FeatureCalculator.compute(tx, amount, history.snapshot(tx));
            ScoreResult rules = RuleScorer.score(new EnrichedTransaction(tx, features), Thresholds.DEFAULT);
            sink.accept(i, row, features, rules);
            history.record(tx, amount, rules.decision() == Decision.DECLINE, row.fraud());
        }
    }
}
