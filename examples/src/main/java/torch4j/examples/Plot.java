package torch4j.examples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** Draws training curves into a PNG with java.awt (headless): one panel per series. */
final class Plot {
    private Plot() {}

    /** A named series of y values over x = 1..n, with its axis label. */
    record Series(String title, String xLabel, double[] y, Color color) {}

    static void write(Path file, List<Series> panels) {
        int pw = 480, ph = 360, w = pw * panels.size();
        BufferedImage img = new BufferedImage(w, ph, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, ph);
        for (int i = 0; i < panels.size(); i++) panel(g, i * pw, pw, ph, panels.get(i));
        g.dispose();
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            ImageIO.write(img, "png", tmp.toFile());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write plot " + file, e);
        }
    }

    private static void panel(Graphics2D g, int x0, int pw, int ph, Series s) {
        int left = x0 + 60, right = x0 + pw - 20, top = 40, bottom = ph - 50;
        double[] y = s.y();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        if (y.length == 0) { lo = 0; hi = 1; }
        if (hi - lo < 1e-12) { hi += 0.5; lo -= 0.5; }
        double pad = (hi - lo) * 0.05;
        lo -= pad;
        hi += pad;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(s.title(), left, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4;
            int py = bottom - (int) ((bottom - top) * t / 4.0);
            g.setColor(new Color(230, 230, 230));
            g.drawLine(left + 1, py, right, py);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%.3g", v), x0 + 5, py + 4);
        }
        g.drawString(s.xLabel(), (left + right) / 2 - 20, ph - 15);
        g.drawString("1", left - 3, bottom + 15);
        g.drawString(Integer.toString(y.length), right - 10, bottom + 15);
        g.setColor(s.color());
        g.setStroke(new BasicStroke(2f));
        int prevX = -1, prevY = -1;
        for (int i = 0; i < y.length; i++) {
            int px = y.length == 1 ? (left + right) / 2 : left + (int) ((right - left) * (double) i / (y.length - 1));
            int py = bottom - (int) ((bottom - top) * (y[i] - lo) / (hi - lo));
            if (prevX >= 0) g.drawLine(prevX, prevY, px, py);
            if (y.length <= 50) g.fillOval(px - 3, py - 3, 6, 6);
            prevX = px;
            prevY = py;
        }
    }
}
