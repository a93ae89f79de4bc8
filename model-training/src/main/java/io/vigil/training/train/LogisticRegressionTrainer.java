package io.vigil.training.train;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.MutableDataset;
import org.tribuo.VariableIDInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.liblinear.LibLinearClassificationModel;
import org.tribuo.classification.liblinear.LibLinearClassificationTrainer;
import org.tribuo.classification.liblinear.LinearClassificationType;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * L2-regularised logistic regression with Tribuo's liblinear trainer (primal trust-region Newton solver, exact
 * and deterministic). Inputs are the standardised terms.
 *
 * <p>Regularisation matters here: some fraud patterns are almost separable (new device and new country), and an
 * unregularised fit (Tribuo's SGD trainers were tried) drives their weights, the bias and the scores to extremes,
 * which also makes reason-code contributions meaningless. liblinear regularises the bias like any weight.
 *
 * <p>Every fraud row is kept and legitimate rows are sampled 1 in {@link #NEGATIVE_SAMPLING} with class weight
 * {@link #NEGATIVE_SAMPLING}, which keeps the expected loss (and so the calibration of the scores) of the full
 * training set while cutting memory and time. Tribuo's model is only a means: its decision function is exported
 * as weights and a bias, which ml-engine applies itself.
 */
public final class LogisticRegressionTrainer {

    public static final String LIBRARY = "tribuo-classification-liblinear 4.3.2";
    public static final int NEGATIVE_SAMPLING = 3;
    /**
     * liblinear's C, the weight of the summed log loss against 0.5 |w|^2. Compared from 1e-4 to 1 on a 5000-wallet
     * stream: stronger regularisation loses PR-AUC, weaker adds nothing but larger weights.
     */
    public static final double DEFAULT_COST = 0.1;
    static final int MAX_ITERATIONS = 1000;
    static final double TOLERANCE = 0.001;
    static final Label FRAUD = new Label("fraud");
    static final Label LEGIT = new Label("legit");

    /** Weights in term order and the bias, for standardised inputs. */
    public record Weights(double[] weights, double bias) {}

    /** What Tribuo trained, with the weights exported from it. */
    public record Result(Weights weights, LibLinearClassificationModel model, int examples) {}

    private final double cost;
    private final long seed;

    public LogisticRegressionTrainer(double cost, long seed) {
        this.cost = cost;
        this.seed = seed;
    }

    public Result train(TermMatrix matrix, int[] rows, Standardisation std, List<String> termNames) {
        LabelFactory factory = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("vigil-synthetic", factory),
                factory);
        SplittableRandom sampler = new SplittableRandom(seed);
        String[] names = termNames.toArray(String[]::new);
        double[] v = matrix.values();
        int width = matrix.width();
        for (int row : rows) {
            boolean fraud = matrix.label(row);
            if (!fraud && sampler.nextInt(NEGATIVE_SAMPLING) != 0) {
                continue;
            }
            double[] z = new double[width];
            for (int j = 0; j < width; j++) {
                z[j] = std.apply(j, v[row * width + j]);
            }
            dataset.add(new ArrayExample<>(fraud ? FRAUD : LEGIT, names, z));
        }
        LibLinearClassificationTrainer trainer = new LibLinearClassificationTrainer(
                new LinearClassificationType(LinearClassificationType.LinearType.L2R_LR), cost, MAX_ITERATIONS,
                TOLERANCE, seed);
        trainer.setLabelWeights(Map.of(FRAUD, 1f, LEGIT, (float) NEGATIVE_SAMPLING));
        LibLinearClassificationModel model = (LibLinearClassificationModel) trainer.train(dataset);
        return new Result(export(model, termNames), model, dataset.size());
    }

    /** The decision function of the fraud label: liblinear feature index = Tribuo feature id + 1. */
    static Weights export(LibLinearClassificationModel model, List<String> termNames) {
        de.bwaldvogel.liblinear.Model inner = model.getInnerModels().get(0);
        int fraudId = model.getOutputIDInfo().getID(FRAUD);
        int fraudIndex = -1;
        int[] labels = inner.getLabels();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == fraudId) {
                fraudIndex = i;
            }
        }
        if (fraudId < 0 || fraudIndex < 0 || labels.length != 2) {
            throw new IllegalStateException("training data must contain both fraud and legit rows");
        }
        ImmutableFeatureMap featureMap = model.getFeatureIDMap();
        double[] weights = new double[termNames.size()];
        for (int j = 0; j < weights.length; j++) {
            VariableIDInfo info = featureMap.get(termNames.get(j));
            weights[j] = info == null ? 0 : inner.getDecfunCoef(info.getID() + 1, fraudIndex);
        }
        return new Weights(weights, inner.getDecfunBias(fraudIndex));
    }
}
