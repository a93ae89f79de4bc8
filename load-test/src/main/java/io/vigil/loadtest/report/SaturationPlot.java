package io.vigil.loadtest.report;

import io.vigil.loadtest.metrics.LatencyStats;
import io.vigil.loadtest.service.StepResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.imageio.ImageIO;

/**
 * Draws latency percentiles against offered load (log-scale latency) as a PNG, with plain Java 2D so it works
 * headless and needs no charting library.
 */
public final class SaturationPlot {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 220;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private record Series(String label, Color color, Stroke stroke, List<double[]> points) {}

    private SaturationPlot() {}

    /** @param sloMillis the latency objective, drawn as a horizontal line */
    public static void write(Path png, List<StepResult> steps, double sloMillis) throws IOException {
        List<Series> series = series(steps);
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            draw(g, series, sloMillis);
        } finally {
            g.dispose();
        }
        if (png.getParent() != null) {
            Files.createDirectories(png.getParent());
        }
        ImageIO.write(image, "png", png.toFile());
    }

    private static List<Series> series(List<StepResult> steps) {
        List<Series> all = new ArrayList<>();
        Stroke thin = new BasicStroke(1.5f);
        Stroke thick = new BasicStroke(2.5f);
        Stroke dashed = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {6, 4}, 0);
        Stroke dotted = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {2, 4}, 0);
        for (String target : List.of("platform", "hops")) {
            List<StepResult> mine = steps.stream().filter(s -> s.run().target().equals(target)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            Color color = target.equals("platform") ? new Color(0x1f77b4) : new Color(0xff7f0e);
            all.add(new Series(target + " p50", color, thin, points(mine, r -> r.run().latency(), LatencyStats::p50)));
            all.add(new Series(target + " p99", color, thick, points(mine, r -> r.run().latency(), LatencyStats::p99)));
            all.add(new Series(target + " p99.9", color, dashed, points(mine, r -> r.run().latency(), LatencyStats::p999)));
            List<double[]> saga = points(mine, r -> r.saga().completion(), LatencyStats::p99);
            if (!saga.isEmpty()) {
                all.add(new Series(target + " saga p99", new Color(0x2ca02c), dotted, saga));
            }
        }
        return all;
    }

    private static List<double[]> points(List<StepResult> steps, Function<StepResult, LatencyStats> stats,
            ToLongFunction<LatencyStats> percentile) {
        List<double[]> points = new ArrayList<>();
        for (StepResult s : steps) {
            LatencyStats l = stats.apply(s);
            if (l.count() > 0) {
                points.add(new double[] {s.run().offeredRate(), Math.max(0.01, percentile.applyAsLong(l) / 1000.0)});
            }
        }
        return points;
    }

    private static void draw(Graphics2D g, List<Series> series, double sloMillis) {
        double maxX = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).max().orElse(1) * 1.05;
        double minY = series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).min().orElse(1);
        double maxY = Math.max(sloMillis,
                series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).max().orElse(10));
        int lowDecade = (int) Math.floor(Math.log10(minY));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(maxY)));
        int plotW = WIDTH - LEFT - RIGHT;
        int plotH = HEIGHT - TOP - BOTTOM;

        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.setColor(Color.BLACK);
        g.drawString("Latency vs offered load (open loop, coordinated omission corrected)", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));

        for (int d = lowDecade; d <= highDecade; d++) {
            if (d < highDecade) {
                g.setColor(new Color(0xf2f2f2));
                for (int m = 2; m <= 9; m++) {
                    int minor = y(m * Math.pow(10, d), lowDecade, highDecade, plotH);
                    g.drawLine(LEFT, minor, LEFT + plotW, minor);
                }
            }
            int y = y(Math.pow(10, d), lowDecade, highDecade, plotH);
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, LEFT + plotW, y);
            g.setColor(Color.DARK_GRAY);
            String label = d >= 0 ? String.format(Locale.ROOT, "%.0f ms", Math.pow(10, d))
                    : String.format(Locale.ROOT, "%s ms", Math.pow(10, d));
            g.drawString(label, LEFT - g.getFontMetrics().stringWidth(label) - 6, y + 4);
        }
        double xStep = niceStep(maxX / 6);
        for (double x = 0; x <= maxX; x += xStep) {
            int px = x(x, maxX, plotW);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(px, TOP, px, TOP + plotH);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", x);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, TOP + plotH + 18);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.drawString("offered load (tx/s)", LEFT + plotW / 2 - 50, HEIGHT - 15);
        g.drawString("latency (log)", 8, TOP - 8);

        int legendY = TOP + 10;
        int slo = y(sloMillis, lowDecade, highDecade, plotH);
        g.setColor(new Color(0xd62728));
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {3, 3}, 0));
        g.drawLine(LEFT, slo, LEFT + plotW, slo);
        g.drawLine(LEFT + plotW + 15, legendY, LEFT + plotW + 45, legendY);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "objective p99 %.0f ms", sloMillis), LEFT + plotW + 52, legendY + 4);
        legendY += 20;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.stroke());
            int prevX = -1;
            int prevY = -1;
            for (double[] p : s.points()) {
                int px = x(p[0], maxX, plotW);
                int py = y(p[1], lowDecade, highDecade, plotH);
                if (prevX >= 0) {
                    g.drawLine(prevX, prevY, px, py);
                }
                g.fillOval(px - 3, py - 3, 6, 6);
                prevX = px;
                prevY = py;
            }
            g.drawLine(LEFT + plotW + 15, legendY, LEFT + plotW + 45, legendY);
            g.setColor(Color.BLACK);
            g.drawString(s.label(), LEFT + plotW + 52, legendY + 4);
            legendY += 20;
        }
    }

    private static int x(double value, double maxX, int plotW) {
        return LEFT + (int) Math.round(value / maxX * plotW);
    }

    private static int y(double ms, int lowDecade, int highDecade, int plotH) {
        double f = (Math.log10(ms) - lowDecade) / (highDecade - lowDecade);
        return TOP + plotH - (int) Math.round(f * plotH);
    }

    /** 1, 2 or 5 times a power of ten, at least the given step. */
    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
