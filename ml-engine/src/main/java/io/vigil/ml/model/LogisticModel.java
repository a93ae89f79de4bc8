package io.vigil.ml.model;

import io.vigil.contracts.Channel;
import io.vigil.contracts.Decision;
import io.vigil.contracts.EnrichedTransaction;
import io.vigil.contracts.Features;
import io.vigil.contracts.Reason;
import io.vigil.contracts.ScoreResult;
import io.vigil.contracts.Transaction;
import io.vigil.features.RuleScorer;
import io.vigil.features.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A verified logistic-regression artifact compiled into flat arrays:
 * {@code score = sigmoid(bias + sum_i weights[i] * (term_i - mean[i]) / scale[i])}. Immutable, so one
 * instance serves all request threads; a score allocates only the contribution array and the answer.
 */
public final class LogisticModel implements Scorer {

    private static final double ROUNDING = 10_000.0;

    private final ModelArtifact artifact;
    private final Thresholds thresholds;
    private final int maxFeatureReasons;
    private final int size;
    private final TermOp[] ops;
    private final int[] firstInput;
    private final int[] secondInput;
    private final double[] lower;
    private final double[] upper;
    private final List<Set<String>> mccs;
    private final boolean[][] channels;
    private final double[] mean;
    private final double[] scale;
    private final double[] weights;
    private final double bias;
    private final String[] codes;

    /** Compiles an artifact that {@link ArtifactReader} accepted. */
    public LogisticModel(ModelArtifact artifact, Thresholds thresholds, int maxFeatureReasons) {
        this.artifact = artifact;
        this.thresholds = thresholds;
        this.maxFeatureReasons = maxFeatureReasons;
        this.size = artifact.terms().size();
        this.ops = new TermOp[size];
        this.firstInput = new int[size];
        this.secondInput = new int[size];
        this.lower = new double[size];
        this.upper = new double[size];
        this.mccs = new ArrayList<>(size);
        this.channels = new boolean[size][Channel.values().length];
        this.codes = new String[size];
        for (int i = 0; i < size; i++) {
            ModelArtifact.Term term = artifact.terms().get(i);
            TermOp op = TermOp.fromWireName(term.op()).orElseThrow();
            ops[i] = op;
            List<String> inputs = term.inputs() == null ? List.of() : term.inputs();
            firstInput[i] = inputs.isEmpty() ? -1 : FeatureVector.indexOf(inputs.get(0));
            secondInput[i] = inputs.size() < 2 ? -1 : FeatureVector.indexOf(inputs.get(1));
            lower[i] = op == TermOp.CLIP ? term.min() : op == TermOp.INDICATOR_GT ? term.threshold() : 0;
            upper[i] = op == TermOp.CLIP ? term.max() : 0;
            mccs.add(op == TermOp.MCC_IN ? Set.copyOf(term.values()) : Set.of());
            if (op == TermOp.CHANNEL_IS) {
                for (String channel : term.values()) {
                    channels[i][Channel.valueOf(channel).ordinal()] = true;
                }
            }
            String code = artifact.reasonCodes() == null ? null : artifact.reasonCodes().get(term.name());
            codes[i] = code != null ? code : defaultCode(term.name());
        }
        this.mean = artifact.mean().clone();
        this.scale = artifact.scale().clone();
        this.weights = artifact.weights().clone();
        this.bias = artifact.bias();
    }

    /** Upper snake case of the term name, for terms the artifact gives no reason code. */
    static String defaultCode(String termName) {
        return termName.replaceAll("([a-z0-9])([A-Z])", "$1_$2").replaceAll("[^A-Za-z0-9]+", "_").toUpperCase(Locale.ROOT);
    }

    @Override
    public String version() {
        return artifact.version();
    }

    public ModelArtifact artifact() {
        return artifact;
    }

    public Thresholds thresholds() {
        return thresholds;
    }

    @Override
    public double probability(EnrichedTransaction transaction) {
        Features f = transaction.features();
        Transaction tx = transaction.transaction();
        double logit = bias;
        for (int i = 0; i < size; i++) {
            logit += contribution(i, f, tx);
        }
        return sigmoid(requireFinite(logit));
    }

    /** Each term's signed contribution to the logit, in term order; their sum plus the bias is the logit. */
    public double[] contributions(EnrichedTransaction transaction) {
        double[] contributions = new double[size];
        for (int i = 0; i < size; i++) {
            contributions[i] = contribution(i, transaction.features(), transaction.transaction());
        }
        return contributions;
    }

    public double bias() {
        return bias;
    }

    @Override
    public ScoreResult score(EnrichedTransaction transaction) {
        double[] contributions = contributions(transaction);
        double logit = bias;
        for (double c : contributions) {
            logit += c;
        }
        double score = sigmoid(requireFinite(logit));
        Decision decision = thresholds.decide(score);
        List<Reason> reasons = new ArrayList<>(maxFeatureReasons + 4);
        addTopContributions(reasons, contributions, transaction);
        if (decision != Decision.APPROVE) {
            reasons.addAll(RuleScorer.score(transaction, thresholds).reasons());
        }
        return new ScoreResult(score, decision, reasons, artifact.version());
    }

    /**
     * Largest positive contributions first, one per reason code (terms such as log(count1h) and count1h > 5
     * share VELOCITY: its strongest term speaks for it, and the next slot goes to another signal); a
     * selection pass per reason beats sorting for a handful.
     */
    private void addTopContributions(List<Reason> reasons, double[] contributions, EnrichedTransaction transaction) {
        double previous = Double.POSITIVE_INFINITY;
        int previousIndex = -1;
        int first = reasons.size();
        while (reasons.size() - first < maxFeatureReasons) {
            int best = -1;
            for (int i = 0; i < size; i++) {
                double c = contributions[i];
                boolean after = c < previous || (c == previous && i > previousIndex);
                if (c > 0 && after && (best < 0 || c > contributions[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                return;
            }
            previous = contributions[best];
            previousIndex = best;
            if (given(reasons, first, codes[best])) {
                continue;
            }
            ModelArtifact.Term term = artifact.terms().get(best);
            reasons.add(new Reason(codes[best], ReasonDetails.of(term, ops[best], transaction),
                    Math.round(contributions[best] * ROUNDING) / ROUNDING));
        }
    }

    private static boolean given(List<Reason> reasons, int from, String code) {
        for (int i = from; i < reasons.size(); i++) {
            if (reasons.get(i).code().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private double contribution(int i, Features f, Transaction tx) {
        return weights[i] * (term(i, f, tx) - mean[i]) / scale[i];
    }

    private double term(int i, Features f, Transaction tx) {
        return switch (ops[i]) {
            case IDENTITY -> FeatureVector.value(f, firstInput[i]);
            case LOG1P -> Math.log1p(Math.max(0, FeatureVector.value(f, firstInput[i])));
            case CLIP -> Math.min(upper[i], Math.max(lower[i], FeatureVector.value(f, firstInput[i])));
            case PRODUCT -> FeatureVector.value(f, firstInput[i]) * FeatureVector.value(f, secondInput[i]);
            case MCC_IN -> tx.merchantCategory() != null && mccs.get(i).contains(tx.merchantCategory()) ? 1 : 0;
            case CHANNEL_IS -> tx.channel() != null && channels[i][tx.channel().ordinal()] ? 1 : 0;
            case INDICATOR_GT -> FeatureVector.value(f, firstInput[i]) > lower[i] ? 1 : 0;
        };
    }

    private static double requireFinite(double logit) {
        if (Double.isNaN(logit)) {
            throw new NonFiniteScoreException();
        }
        return logit;
    }

    static double sigmoid(double logit) {
        return 1 / (1 + Math.exp(-logit));
    }
}
