package torch4j.cuda.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library discovery and symbol binding, checked against whatever NVIDIA libraries this machine has. */
class LibraryBindingsTest {
    @Test
    void cublasBindsEverySymbolWhereItIsInstalled() {
        LibraryFinder.Found f = LibraryFinder.find("libcublas.so.13");
        assumeTrue(f.lookup() != null, "no libcublas.so.13 found (looked in " + String.join(", ", f.searched()) + ")");
        assertNotNull(new Cublas(f.lookup())); // throws UnsatisfiedLinkError naming a missing symbol
    }

    @Test
    void globsExpandOnlyExistingPaths(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("site-a/nvidia/cu13/lib"));
        Files.createDirectories(dir.resolve("site-b/nvidia/cublas/lib"));
        Files.createDirectories(dir.resolve("site-b/other"));
        List<Path> hits = LibraryFinder.glob(dir + "/site-*/nvidia/*/lib");
        assertEquals(List.of(dir.resolve("site-a/nvidia/cu13/lib"), dir.resolve("site-b/nvidia/cublas/lib")), hits);
        assertEquals(List.of(), LibraryFinder.glob(dir + "/nothing-*/lib"));
    }

    @Test
    void theUserPathComesFirst(@TempDir Path dir) {
        System.setProperty("torch4j.cuda.path", dir.toString());
        try {
            assertEquals(dir, LibraryFinder.searchDirs().get(0));
            LibraryFinder.Found f = LibraryFinder.find("libtorch4j-no-such-library.so.1");
            assertEquals(null, f.lookup());
            assertEquals(dir.toString(), f.searched().get(0));
            assertTrue(f.searched().getLast().contains("dynamic loader"));
        } finally {
            System.clearProperty("torch4j.cuda.path");
        }
    }
}
