package dev.cerulean.ml.natives;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.ml.data.DuckTables;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class NativeLibrariesTest {

    @Nested
    @EnabledOnOs(OS.LINUX)
    class TwoProcesses {
        @TempDir
        Path tmp;

        /**
         * A file two live processes both map must be one nobody rewrites: the content-addressed cache.
         * Anything else a process maps (LightGBM's private copy, DuckDB's temporary file) must be its
         * own. LightGBM used to unpack both processes' copies to {@code java.io.tmpdir/lib_lightgbm.so}.
         */
        @Test
        void mapNoLibraryFileOutsideTheImmutableCacheInCommon() throws Exception {
            Path cache = tmp.resolve("natives");
            Path sharedTmp = Files.createDirectories(tmp.resolve("tmp"));
            Probe first = Probe.start(cache, sharedTmp);
            Probe second = Probe.start(cache, sharedTmp);
            try {
                List<String> a = first.mapped();
                List<String> b = second.mapped();
                assertThat(a).as("libraries the first process mapped").anyMatch(p -> p.contains("lightgbm"))
                        .anyMatch(p -> p.contains("xgboost4j")).anyMatch(p -> p.contains("onnxruntime")).anyMatch(p -> p.contains("duckdb"));
                Set<String> common = new HashSet<>(a);
                common.retainAll(b);
                String cacheRoot = cache.toRealPath().toString();
                assertThat(common).as("files both processes map").allMatch(p -> p.startsWith(cacheRoot + File.separator));
                Path realTmp = sharedTmp.toRealPath();
                assertThat(a).as("mapped files named like a library's own unpacking (rewritten by the next process)")
                        .doesNotContain(realTmp.resolve("lib_lightgbm.so").toString(), realTmp.resolve("lib_lightgbm_swig.so").toString());
                assertThat(a).filteredOn(p -> p.contains("lightgbm")).as("LightGBM's private copy is unlinked once mapped")
                        .allMatch(p -> p.endsWith("(deleted)"));
            } finally {
                first.close();
                second.close();
            }
            assertThat(first.exitCode()).isZero();
            assertThat(second.exitCode()).isZero();
        }
    }

    @Nested
    class DuckDbSpilling {
        @Test
        void everyDatabaseSpillsIntoAFolderOfItsOwn() throws Exception {
            Set<String> folders = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                try (Connection c = DuckTables.connect(); Statement s = c.createStatement();
                     ResultSet r = s.executeQuery("SELECT current_setting('temp_directory')")) {
                    r.next();
                    folders.add(r.getString(1));
                }
            }
            assertThat(folders).hasSize(3);
            assertThat(folders).allMatch(f -> Path.of(f).getParent().getFileName().toString().startsWith("cerulean-duckdb-"));
        }
    }

    /** A child JVM running {@link NativeProbe}. */
    private static final class Probe implements AutoCloseable {
        private final Process process;
        private final List<String> mapped = new ArrayList<>();

        private Probe(Process process) throws IOException {
            this.process = process;
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder all = new StringBuilder();
            for (String line; (line = out.readLine()) != null; ) {
                all.append(line).append('\n');
                if (line.startsWith("MAPPED ")) {
                    mapped.add(line.substring(7));
                } else if (line.equals("READY")) {
                    return;
                }
            }
            throw new AssertionError("the probe ended before it was ready:\n" + all);
        }

        static Probe start(Path cache, Path tmp) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-Djava.io.tmpdir=" + tmp,
                    "-D" + NativeLibraries.DIRECTORY_PROPERTY + "=" + cache, "-cp", System.getProperty("java.class.path"),
                    NativeProbe.class.getName()).redirectErrorStream(true);
            return new Probe(pb.start());
        }

        List<String> mapped() {
            return mapped;
        }

        int exitCode() {
            return process.exitValue();
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
