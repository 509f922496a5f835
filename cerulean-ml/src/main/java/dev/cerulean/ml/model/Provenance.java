package dev.cerulean.ml.model;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a model came from: enough to reproduce it.
 *
 * @param algorithm       canonical learner name
 * @param params          every hyperparameter, defaults included
 * @param seed            the seed
 * @param threads         native threads used (trees are reproducible for a fixed count)
 * @param datasetHash     content hash of the training data as given by the caller, or null
 * @param trainingRows    rows the final model was fitted on
 * @param target          target column
 * @param libraries       library name to version (xgboost4j, lightgbm4j, duckdb, ...)
 * @param javaVersion     {@code java.version}
 * @param os              {@code os.name os.arch}
 * @param createdAt       when training finished
 * @param trainingInfo    learner facts (iterations, best_iteration, ...)
 */
public record Provenance(String algorithm, Map<String, Object> params, long seed, int threads, String datasetHash,
        long trainingRows, String target, Map<String, String> libraries, String javaVersion, String os, Instant createdAt,
        Map<String, Object> trainingInfo) {
    public Provenance {
        params = params == null ? Map.of() : new LinkedHashMap<>(params);
        libraries = libraries == null ? Map.of() : new LinkedHashMap<>(libraries);
        trainingInfo = trainingInfo == null ? Map.of() : new LinkedHashMap<>(trainingInfo);
    }

    /** Versions of the native libraries on the classpath, read from their jar manifests / Maven metadata. */
    public static Map<String, String> libraryVersions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cerulean-ml", ceruleanVersion());
        m.put("xgboost4j", version(ml.dmlc.xgboost4j.java.XGBoost.class, "ml.dmlc", "xgboost4j_2.12"));
        m.put("lightgbm4j", version(io.github.metarank.lightgbm4j.LGBMBooster.class, "io.github.metarank", "lightgbm4j"));
        return m;
    }

    /** This library's version, from the build-filtered {@code version.properties}. */
    public static String ceruleanVersion() {
        try (var in = Provenance.class.getResourceAsStream("/dev/cerulean/ml/version.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.startsWith("$")) {
                    return v;
                }
            }
        } catch (java.io.IOException e) {
            // fall through
        }
        return "unknown";
    }

    private static String version(Class<?> c, String group, String artifact) {
        try (var in = c.getResourceAsStream("/META-INF/maven/" + group + "/" + artifact + "/pom.properties")) {
            if (in != null) {
                java.util.Properties p = new java.util.Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null) {
                    return v;
                }
            }
        } catch (java.io.IOException e) {
            // fall through to the manifest
        }
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** {@code java.version}. */
    public static String currentJavaVersion() {
        return System.getProperty("java.version");
    }

    /** {@code os.name os.arch}. */
    public static String currentOs() {
        return System.getProperty("os.name") + " " + System.getProperty("os.arch");
    }
}
