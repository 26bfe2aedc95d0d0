package torch4j.examples;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line text progress bar (tqdm-like): done/total, bar, batches/s and a running loss, redrawn in place. */
final class ProgressBar {
    private final String label;
    private final int total;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private long lastDraw;
    private int done;

    ProgressBar(String label, int total, PrintStream out) {
        this.label = label;
        this.total = total;
        this.out = out;
    }

    /** Advances by one step; redraws at most every 100 ms, and always at the end. */
    void step(double runningLoss) {
        done++;
        long now = System.nanoTime();
        if (done < total && now - lastDraw < 100_000_000L) return;
        lastDraw = now;
        double secs = (now - start) / 1e9;
        int width = 30, filled = (int) ((long) width * done / total);
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        out.printf(Locale.ROOT, "\r%s %3d%% |%s| %d/%d [%.1fs, %.1f batch/s, loss %.4f]", label, 100 * done / total, bar,
                done, total, secs, done / Math.max(secs, 1e-9), runningLoss);
        if (done == total) out.println();
        out.flush();
    }
}
