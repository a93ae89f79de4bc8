package io.vigil.training.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws precision-recall curves into a PNG with java.awt (run headless: {@code -Djava.awt.headless=true}). */
public final class PrCurvePlot {

    private static final int WIDTH = 900;
    private static final int HEIGHT = 680;
    private static final int LEFT = 90;
    private static final int RIGHT = 40;
    private static final int TOP = 60;
    private static final int BOTTOM = 80;
    private static final Color[] COLORS = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C)};

    /** One curve with its legend text. */
    public record Series(String label, List<BinaryMetrics.Point> points) {}

    private PrCurvePlot() {}

    public static void write(Path file, String title, List<Series> series, double baseline) throws IOException {
        BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            drawAxes(g, title);
            g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
            g.setColor(Color.GRAY);
            g.drawLine(x(0), y(baseline), x(1), y(baseline));
            for (int s = 0; s < series.size(); s++) {
                g.setColor(COLORS[s % COLORS.length]);
                g.setStroke(new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(path(series.get(s).points()));
            }
            drawLegend(g, series, baseline);
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    /** Step curve: precision holds from the previous recall up to each threshold's recall. */
    private static Path2D path(List<BinaryMetrics.Point> points) {
        Path2D.Double p = new Path2D.Double();
        if (points.isEmpty()) {
            return p;
        }
        p.moveTo(x(0), y(points.get(0).precision()));
        int lastX = x(0), lastY = y(points.get(0).precision());
        // A model's curve has a point per distinct score; one per pixel is all the picture can show.
        for (BinaryMetrics.Point point : points) {
            int px = x(point.recall()), py = y(point.precision());
            if (px != lastX || py != lastY) {
                p.lineTo(px, py);
                lastX = px;
                lastY = py;
            }
        }
        return p;
    }

    private static void drawAxes(Graphics2D g, String title) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        FontMetrics fm = g.getFontMetrics();
        for (int i = 0; i <= 10; i++) {
            double v = i / 10.0;
            g.setColor(new Color(0xE6E6E6));
            g.drawLine(x(v), y(0), x(v), y(1));
            g.drawLine(x(0), y(v), x(1), y(v));
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.1f", v);
            g.drawLine(x(v), y(0), x(v), y(0) + 5);
            g.drawString(label, x(v) - fm.stringWidth(label) / 2, y(0) + 20);
            g.drawLine(x(0) - 5, y(v), x(0), y(v));
            g.drawString(label, x(0) - 10 - fm.stringWidth(label), y(v) + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(x(0), y(1), x(1) - x(0), y(0) - y(1));
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        fm = g.getFontMetrics();
        String xLabel = "Recall";
        g.drawString(xLabel, (x(0) + x(1) - fm.stringWidth(xLabel)) / 2, HEIGHT - 25);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        String yLabel = "Precision";
        rotated.drawString(yLabel, -(y(0) + y(1) + fm.stringWidth(yLabel)) / 2, 30);
        rotated.dispose();
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        fm = g.getFontMetrics();
        g.drawString(title, (WIDTH - fm.stringWidth(title)) / 2, 35);
    }

    private static void drawLegend(Graphics2D g, List<Series> series, double baseline) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        FontMetrics fm = g.getFontMetrics();
        String baselineLabel = String.format(Locale.ROOT, "fraud rate (random scorer) %.4f", baseline);
        int width = fm.stringWidth(baselineLabel);
        for (Series s : series) {
            width = Math.max(width, fm.stringWidth(s.label()));
        }
        int lineHeight = fm.getHeight() + 6;
        int boxWidth = width + 70;
        int boxHeight = lineHeight * (series.size() + 1) + 12;
        // Lower left: precision-recall curves rarely pass there, so the legend hides nothing.
        int bx = x(0) + 12;
        int by = y(0) - boxHeight - 12;
        g.setColor(new Color(255, 255, 255, 235));
        g.fillRect(bx, by, boxWidth, boxHeight);
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(bx, by, boxWidth, boxHeight);
        for (int i = 0; i <= series.size(); i++) {
            int ly = by + 8 + lineHeight * i + lineHeight / 2;
            if (i < series.size()) {
                g.setColor(COLORS[i % COLORS.length]);
                g.setStroke(new BasicStroke(3f));
            } else {
                g.setColor(Color.GRAY);
                g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 5}, 0));
            }
            g.drawLine(bx + 12, ly, bx + 52, ly);
            g.setColor(Color.BLACK);
            g.drawString(i < series.size() ? series.get(i).label() : baselineLabel, bx + 60, ly + fm.getAscent() / 2 - 2);
        }
    }

    private static int x(double recall) {
        return LEFT + (int) Math.round(recall * (WIDTH - LEFT - RIGHT));
    }

    private static int y(double precision) {
        return HEIGHT - BOTTOM - (int) Math.round(precision * (HEIGHT - TOP - BOTTOM));
    }
}
