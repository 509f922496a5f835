package dev.cerulean.ml.natives;

import ai.onnxruntime.OrtEnvironment;
import dev.cerulean.ml.data.DuckTables;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;

/**
 * A child process for {@link NativeLibrariesTest}: loads every native library the way the product
 * does, prints the shared objects it has mapped (one {@code MAPPED <path>} line each, then {@code
 * READY}), and stays alive until its standard input closes, so that a sibling can start meanwhile.
 */
public final class NativeProbe {
    private NativeProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeLibraries.lightGbm();
        NativeLibraries.xgboost();
        NativeLibraries.onnxRuntime();
        OrtEnvironment.getEnvironment().close();
        try (Connection c = DuckTables.connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 42")) {
            r.next();
        }
        // XGBoost's classes must work with the library loaded for them.
        ml.dmlc.xgboost4j.java.DMatrix m = new ml.dmlc.xgboost4j.java.DMatrix(new float[] {1, 2, 3, 4}, 2, 2, Float.NaN);
        m.dispose();
        for (String path : mappedLibraries()) {
            System.out.println("MAPPED " + path);
        }
        System.out.println("READY");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // wait for the parent to close our input
            }
        }
    }

    /** The shared objects in this process's memory map that did not come with the JDK or the system. */
    static List<String> mappedLibraries() throws IOException {
        String javaHome = Path.of(System.getProperty("java.home")).toRealPath().toString();
        TreeSet<String> out = new TreeSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash);
            if (!path.contains(".so") && !path.contains(".dll") && !path.contains(".dylib")) {
                continue;
            }
            if (path.startsWith(javaHome) || path.startsWith("/usr/") || path.startsWith("/lib")) {
                continue;
            }
            out.add(path);
        }
        return List.copyOf(out);
    }
}
