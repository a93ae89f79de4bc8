package io.vigil.training.train;

/**
 * Mean and scale of every term over the training rows. A constant term gets scale 1 so that serving never
 * divides by zero and the term simply contributes nothing.
 */
public record Standardisation(double[] mean, double[] scale) {

    public static Standardisation fit(TermMatrix matrix, int[] rows) {
        int width = matrix.width();
        double[] v = matrix.values();
        double[] mean = new double[width];
        double[] m2 = new double[width];
        long n = 0;
        // Welford's update keeps the variance accurate for terms with a large mean.
        for (int row : rows) {
            n++;
            int offset = row * width;
            for (int j = 0; j < width; j++) {
                double x = v[offset + j];
                double delta = x - mean[j];
                mean[j] += delta / n;
                m2[j] += delta * (x - mean[j]);
            }
        }
        double[] scale = new double[width];
        for (int j = 0; j < width; j++) {
            double sd = n > 1 ? Math.sqrt(m2[j] / (n - 1)) : 0;
            scale[j] = sd > 1e-9 ? sd : 1.0;
        }
        return new Standardisation(mean, scale);
    }

    public double apply(int term, double value) {
        return (value - mean[term]) / scale[term];
    }
}
