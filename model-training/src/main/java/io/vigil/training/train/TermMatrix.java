package io.vigil.training.train;

import io.vigil.training.data.Scenario;
import java.util.Arrays;

/**
 * Replayed rows in compact form: raw term values (row-major), label, scenario, day of the stream and the rules
 * baseline's score. Keeping primitives instead of transaction objects lets the full data set fit in a modest
 * heap.
 */
public final class TermMatrix {

    private final int width;
    private double[] values;
    private boolean[] labels;
    private byte[] scenarios;
    private short[] days;
    private double[] rulesScores;
    private int rows;

    public TermMatrix(int width, int expectedRows) {
        this.width = width;
        int capacity = Math.max(16, expectedRows);
        this.values = new double[capacity * width];
        this.labels = new boolean[capacity];
        this.scenarios = new byte[capacity];
        this.days = new short[capacity];
        this.rulesScores = new double[capacity];
    }

    /** Appends a row and returns the offset at which its {@link #width()} term values must be written. */
    public int add(boolean label, Scenario scenario, int day, double rulesScore) {
        if (rows == labels.length) {
            int capacity = rows * 2;
            values = Arrays.copyOf(values, capacity * width);
            labels = Arrays.copyOf(labels, capacity);
            scenarios = Arrays.copyOf(scenarios, capacity);
            days = Arrays.copyOf(days, capacity);
            rulesScores = Arrays.copyOf(rulesScores, capacity);
        }
        labels[rows] = label;
        scenarios[rows] = (byte) scenario.ordinal();
        days[rows] = (short) day;
        rulesScores[rows] = rulesScore;
        return rows++ * width;
    }

    public int rows() {
        return rows;
    }

    public int width() {
        return width;
    }

    /** The backing array: row r's terms start at {@code r * width()}. */
    public double[] values() {
        return values;
    }

    public boolean label(int row) {
        return labels[row];
    }

    public Scenario scenario(int row) {
        return Scenario.values()[scenarios[row]];
    }

    public int day(int row) {
        return days[row];
    }

    public double rulesScore(int row) {
        return rulesScores[row];
    }
}
