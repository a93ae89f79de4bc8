package io.vigil.training.model;

import io.vigil.contracts.Features;
import io.vigil.contracts.Transaction;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Computes term values from a transaction and its features exactly as the artifact defines them (and as
 * ml-engine evaluates them): {@code log1p} of max(x, 0), {@code clip} to [min, max], {@code product} of two
 * features, {@code mcc_in} / {@code channel_is} as 0/1, {@code indicator_gt} as x &gt; threshold.
 */
public final class TermEvaluator {

    private final List<Term> terms;
    private final int[][] inputIndex;
    private final List<Set<String>> valueSets;

    public TermEvaluator(List<Term> terms) {
        this.terms = List.copyOf(terms);
        this.inputIndex = new int[terms.size()][];
        this.valueSets = terms.stream().map(t -> t.values() == null ? Set.<String>of() : Set.copyOf(t.values())).toList();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < terms.size(); i++) {
            Term t = terms.get(i);
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("duplicate term " + t.name());
            }
            inputIndex[i] = t.inputs().stream().mapToInt(name -> {
                int idx = Features.NAMES.indexOf(name);
                if (idx < 0) {
                    throw new IllegalArgumentException("term " + t.name() + " uses unknown feature " + name);
                }
                return idx;
            }).toArray();
            int expected = switch (t.op()) {
                case Term.IDENTITY, Term.LOG1P, Term.CLIP, Term.INDICATOR_GT -> 1;
                case Term.PRODUCT -> 2;
                case Term.MCC_IN, Term.CHANNEL_IS -> 0;
                default -> throw new IllegalArgumentException("unknown op " + t.op() + " in term " + t.name());
            };
            if (inputIndex[i].length != expected) {
                throw new IllegalArgumentException("term " + t.name() + " needs " + expected + " inputs");
            }
        }
    }

    public List<Term> terms() {
        return terms;
    }

    public int size() {
        return terms.size();
    }

    /** Writes the term values of one transaction into {@code out} from {@code offset}. */
    public void evaluate(Transaction tx, Features features, double[] out, int offset) {
        double[] f = features.toArray();
        String mcc = tx.merchantCategory();
        String channel = tx.channel() == null ? null : tx.channel().name();
        for (int i = 0; i < inputIndex.length; i++) {
            Term t = terms.get(i);
            int[] in = inputIndex[i];
            out[offset + i] = switch (t.op()) {
                case Term.IDENTITY -> f[in[0]];
                case Term.LOG1P -> Math.log1p(Math.max(f[in[0]], 0));
                case Term.CLIP -> Math.min(t.max(), Math.max(t.min(), f[in[0]]));
                case Term.PRODUCT -> f[in[0]] * f[in[1]];
                case Term.MCC_IN -> mcc != null && valueSets.get(i).contains(mcc) ? 1 : 0;
                case Term.CHANNEL_IS -> channel != null && valueSets.get(i).contains(channel) ? 1 : 0;
                case Term.INDICATOR_GT -> f[in[0]] > t.threshold() ? 1 : 0;
                default -> throw new IllegalStateException(t.op());
            };
        }
    }

    public double[] evaluate(Transaction tx, Features features) {
        double[] out = new double[terms.size()];
        evaluate(tx, features, out, 0);
        return out;
    }
}
