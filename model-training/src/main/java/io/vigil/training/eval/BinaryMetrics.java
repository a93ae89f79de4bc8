package io.vigil.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Ranking metrics of scores against binary labels. Tied scores are treated as one threshold step (all of them
 * are flagged or none), which matters for the rules baseline whose scores take few distinct values.
 */
public final class BinaryMetrics {

    /** One threshold: flag every row with score at or above {@code threshold}. */
    public record Point(double threshold, long tp, long fp, double recall, double precision, double fpr) {}

    /** Counts at one threshold. */
    public record Confusion(long tp, long fp, long tn, long fn) {
        public double precision() {
            return tp + fp == 0 ? 0 : (double) tp / (tp + fp);
        }

        public double recall() {
            return tp + fn == 0 ? 0 : (double) tp / (tp + fn);
        }

        public double fpr() {
            return fp + tn == 0 ? 0 : (double) fp / (fp + tn);
        }

        public double alertRate() {
            long all = tp + fp + tn + fn;
            return all == 0 ? 0 : (double) (tp + fp) / all;
        }
    }

    private final double[] scores;
    private final boolean[] labels;
    private final long positives;
    private final long negatives;
    private final List<Point> curve;

    public BinaryMetrics(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("one label per score");
        }
        this.scores = scores.clone();
        this.labels = labels.clone();
        long pos = 0;
        for (boolean l : labels) {
            if (l) {
                pos++;
            }
        }
        this.positives = pos;
        this.negatives = labels.length - pos;
        if (positives == 0 || negatives == 0) {
            throw new IllegalArgumentException("need both positive and negative labels");
        }
        this.curve = buildCurve();
    }

    private List<Point> buildCurve() {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> scores[i]).reversed());
        List<Point> points = new ArrayList<>();
        long tp = 0, fp = 0;
        int i = 0;
        while (i < order.length) {
            double threshold = scores[order[i]];
            while (i < order.length && scores[order[i]] == threshold) {
                if (labels[order[i]]) {
                    tp++;
                } else {
                    fp++;
                }
                i++;
            }
            points.add(new Point(threshold, tp, fp, (double) tp / positives, (double) tp / (tp + fp),
                    (double) fp / negatives));
        }
        return List.copyOf(points);
    }

    /** Thresholds from the highest score down, one per distinct score. */
    public List<Point> curve() {
        return curve;
    }

    public long positives() {
        return positives;
    }

    public long negatives() {
        return negatives;
    }

    /** Area under the precision-recall curve as average precision: sum over steps of (delta recall) x precision. */
    public double prAuc() {
        double ap = 0, previousRecall = 0;
        for (Point p : curve) {
            ap += (p.recall() - previousRecall) * p.precision();
            previousRecall = p.recall();
        }
        return ap;
    }

    /** Area under the ROC curve by the trapezoidal rule (ties count one half). */
    public double rocAuc() {
        double auc = 0, previousFpr = 0, previousTpr = 0;
        for (Point p : curve) {
            auc += (p.fpr() - previousFpr) * (p.recall() + previousTpr) / 2;
            previousFpr = p.fpr();
            previousTpr = p.recall();
        }
        return auc;
    }

    /** The lowest threshold whose false-positive rate is at most {@code maxFpr}, or null if even the top one exceeds it. */
    public Point atFpr(double maxFpr) {
        Point best = null;
        for (Point p : curve) {
            if (p.fpr() > maxFpr) {
                break;
            }
            best = p;
        }
        return best;
    }

    /** Recall at the lowest threshold with false-positive rate at most {@code maxFpr} (0 when none qualifies). */
    public double recallAtFpr(double maxFpr) {
        Point p = atFpr(maxFpr);
        return p == null ? 0 : p.recall();
    }

    public Confusion confusion(double threshold) {
        long tp = 0, fp = 0, tn = 0, fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean flagged = scores[i] >= threshold;
            if (labels[i]) {
                if (flagged) {
                    tp++;
                } else {
                    fn++;
                }
            } else if (flagged) {
                fp++;
            } else {
                tn++;
            }
        }
        return new Confusion(tp, fp, tn, fn);
    }

    /** The threshold that flags about {@code rate} of the rows: the highest threshold flagging at least that share. */
    public double thresholdForAlertRate(double rate) {
        long wanted = (long) Math.ceil(rate * scores.length);
        for (Point p : curve) {
            if (p.tp() + p.fp() >= wanted) {
                return p.threshold();
            }
        }
        return curve.get(curve.size() - 1).threshold();
    }

    /** The lowest threshold at which precision is at least {@code minPrecision}, or NaN if none reaches it. */
    public double lowestThresholdWithPrecision(double minPrecision) {
        double found = Double.NaN;
        for (Point p : curve) {
            if (p.precision() >= minPrecision) {
                found = p.threshold();
            }
        }
        return found;
    }
}
