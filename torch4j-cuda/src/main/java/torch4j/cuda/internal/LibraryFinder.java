package torch4j.cuda.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the NVIDIA libraries are looked for, in order: {@code -Dtorch4j.cuda.path} (folders or files, separated by
 * the path separator), {@code CUDA_HOME}/{@code CUDA_PATH}, {@code LD_LIBRARY_PATH}, the usual system folders, the
 * {@code nvidia/*}{@code /lib} folders of Python installs of NVIDIA's CUDA wheels (how the lent GPU machine ships
 * cuBLAS and NVRTC), and last the dynamic loader's own search (its cache).
 */
public final class LibraryFinder {
    private LibraryFinder() {}

    /** A library found, or null with the places that were tried. */
    public record Found(SymbolLookup lookup, Path path, List<String> searched) {}

    private static final String[] SYSTEM_DIRS = {
        "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib",
        "/usr/local/cuda/lib64", "/usr/local/cuda/targets/x86_64-linux/lib", "/usr/lib/wsl/lib",
    };

    /** Globs of Python package folders that may hold an {@code nvidia} namespace package. */
    private static final String[] PYTHON_SITES = {
        "/usr/lib/python3*/site-packages", "/usr/lib/python3*/dist-packages",
        "/usr/local/lib/python3*/site-packages", "/usr/local/lib/python3*/dist-packages",
        "/opt/*/.venv/lib/python3*/site-packages", "/opt/*/lib/python3*/site-packages",
        "/opt/conda/lib/python3*/site-packages",
        "~/.local/lib/python3*/site-packages", "~/.pyenv/versions/*/lib/python3*/site-packages",
        "$VIRTUAL_ENV/lib/python3*/site-packages", "$CONDA_PREFIX/lib/python3*/site-packages",
    };

    /** The folders searched, in order (those that exist). */
    public static List<Path> searchDirs() {
        Set<Path> dirs = new LinkedHashSet<>();
        String prop = System.getProperty("torch4j.cuda.path");
        if (prop != null)
            for (String p : prop.split(java.io.File.pathSeparator))
                if (!p.isBlank()) dirs.add(Path.of(p));
        for (String env : new String[]{"CUDA_HOME", "CUDA_PATH"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) dirs.add(Path.of(v, "lib64"));
        }
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null)
            for (String p : ld.split(":"))
                if (!p.isBlank()) dirs.add(Path.of(p));
        for (String d : SYSTEM_DIRS) dirs.add(Path.of(d));
        for (String site : PYTHON_SITES)
            for (Path s : glob(site)) {
                dirs.addAll(glob(s + "/nvidia/*/lib"));
                dirs.addAll(glob(s + "/nvidia/*/lib64"));
            }
        List<Path> out = new ArrayList<>();
        for (Path d : dirs) if (Files.exists(d)) out.add(d);
        return out;
    }

    /**
     * Loads the first of the given file names (for example {@code libcublas.so.13}, then {@code libcublas.so}) found
     * in {@link #searchDirs()}, else through the dynamic loader; null when none loads.
     */
    public static Found find(String... names) {
        List<String> searched = new ArrayList<>();
        for (Path d : searchDirs()) {
            searched.add(d.toString());
            for (String n : names) {
                Path f = Files.isDirectory(d) ? d.resolve(n) : d.getFileName().toString().equals(n) ? d : null;
                if (f == null || !Files.exists(f)) continue;
                try {
                    return new Found(SymbolLookup.libraryLookup(f, Arena.global()), f, searched);
                } catch (IllegalArgumentException | IllegalCallerException e) {
                    searched.add(f + " (would not load: " + e.getMessage() + ")");
                }
            }
        }
        searched.add("the dynamic loader's search path");
        for (String n : names) {
            try {
                return new Found(SymbolLookup.libraryLookup(n, Arena.global()), Path.of(n), searched);
            } catch (IllegalArgumentException | IllegalCallerException e) {
                // not known to the loader either
            }
        }
        return new Found(null, null, searched);
    }

    /** Expands '*' in any path segment ('~' and a leading $VAR too); only existing paths are returned. */
    static List<Path> glob(String pattern) {
        String p = pattern;
        if (p.startsWith("~/")) p = System.getProperty("user.home") + p.substring(1);
        if (p.startsWith("$")) {
            int slash = p.indexOf('/');
            String v = System.getenv(p.substring(1, slash));
            if (v == null || v.isBlank()) return List.of();
            p = v + p.substring(slash);
        }
        List<Path> cur = List.of(Path.of("/"));
        for (String seg : p.split("/")) {
            if (seg.isEmpty()) continue;
            List<Path> next = new ArrayList<>();
            for (Path c : cur) {
                if (!seg.contains("*")) {
                    Path r = c.resolve(seg);
                    if (Files.exists(r)) next.add(r);
                    continue;
                }
                if (!Files.isDirectory(c)) continue;
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(c, seg)) {
                    List<Path> hits = new ArrayList<>();
                    ds.forEach(hits::add);
                    hits.sort(null);
                    next.addAll(hits);
                } catch (IOException | SecurityException e) {
                    // unreadable folder: skip it
                }
            }
            cur = next;
        }
        return cur;
    }
}
