package torch4j.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Shared plumbing of the benchmark mains: timing rule, key=value output and the PyTorch subprocess. */
final class Bench {
    private Bench() {}

    static final Map<String, Double> RESULTS = new LinkedHashMap<>();

    @FunctionalInterface
    interface Op {
        void run();
    }

    /** Median seconds per call: one warm-up ≥ 0.3 s, then 7 samples of ≥ 60 ms each (5 when one call is slower). */
    static double medianSecondsPerCall(Op op) {
        long t0 = System.nanoTime();
        int calls = 0;
        while (System.nanoTime() - t0 < 300_000_000L) {
            op.run();
            calls++;
        }
        double per = (System.nanoTime() - t0) / 1e9 / calls;
        int batch = (int) Math.max(1, Math.ceil(0.06 / per));
        int samples = per > 0.06 ? 5 : 7;
        double[] s = new double[samples];
        for (int i = 0; i < samples; i++) {
            long st = System.nanoTime();
            for (int j = 0; j < batch; j++) op.run();
            s[i] = (System.nanoTime() - st) / 1e9 / batch;
        }
        Arrays.sort(s);
        return s[samples / 2];
    }

    static void out(String key, double v) {
        RESULTS.put(key, v);
        System.out.println(key + "=" + String.format(Locale.ROOT, v == Math.rint(v) && Math.abs(v) < 1e9 ? "%.0f" : "%.4f", v));
        System.out.flush();
    }

    /** The 1-minute load average: this VM is shared, so every benchmark records how busy it was. */
    static void load(String when) {
        try {
            String s = Files.readString(Path.of("/proc/loadavg")).trim();
            out("loadavg_" + when, Double.parseDouble(s.substring(0, s.indexOf(' '))));
        } catch (Exception ignored) {
            // not Linux
        }
    }

    /**
     * Runs tools/{script} with the python from -Dtorch (default /usr/bin/python3; "none" skips), echoes its lines and
     * records its numeric key=value lines. Returns false when PyTorch is not there.
     */
    static boolean runTorch(String script, List<String> args, Map<String, String> env) {
        String python = System.getProperty("torch", "/usr/bin/python3");
        if (python.equals("none")) return false;
        Path path = findScript(script);
        if (path == null) {
            System.out.println("# torch: tools/" + script + " not found");
            return false;
        }
        try {
            Process check = new ProcessBuilder(python, "-c", "import torch").redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            if (check.waitFor() != 0) {
                System.out.println("# torch: '" + python + " -c \"import torch\"' failed; PyTorch figures skipped");
                return false;
            }
            List<String> cmd = new java.util.ArrayList<>(List.of(python, path.toString()));
            cmd.addAll(args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().putAll(env);
            Process p = pb.start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println(line);
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        try {
                            RESULTS.put(line.substring(0, eq), Double.parseDouble(line.substring(eq + 1)));
                        } catch (NumberFormatException ignored) {
                            // a text value
                        }
                    }
                }
            }
            return p.waitFor() == 0;
        } catch (Exception e) {
            System.out.println("# torch: " + e);
            return false;
        }
    }

    private static Path findScript(String script) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("tools").resolve(script);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    /** Prints key = RESULTS[num] / RESULTS[den] when both are there. */
    static void ratio(String key, String num, String den) {
        Double a = RESULTS.get(num), b = RESULTS.get(den);
        if (a != null && b != null && b > 0) out(key, a / b);
    }
}
