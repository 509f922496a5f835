package dev.cerulean.ml.model;

import dev.cerulean.core.model.Provenance;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The parts of a {@link Provenance} that only the running library knows: the versions of the libraries on
 * the class path (read from their jar metadata), the JVM and the OS, and the time; and the member list of a
 * composite model, from its parts' own provenance.
 */
public final class Provenances {
    private static volatile Map<String, String> libraries;

    private Provenances() {
    }

    /** A builder stamped for a model trained now, here: library versions, Java version, OS and time filled in. */
    public static Provenance.Builder now() {
        return Provenance.builder().libraries(libraryVersions()).javaVersion(System.getProperty("java.version"))
                .os(System.getProperty("os.name") + " " + System.getProperty("os.arch")).createdAt(Instant.now());
    }

    /**
     * The provenance of one learner configuration's fit, stamped {@link #now()}: {@code build()} it for a single
     * model, or make it a bagged model's by adding the model type and fold members.
     *
     * @param algorithm     the learner's canonical name
     * @param params        every hyperparameter the fit used, defaults included
     * @param featurization the featurizer's settings ({@link dev.cerulean.ml.feature.FeaturizerConfig#toMap()})
     * @param datasetHash   the training data's content hash, or null
     * @param trainingInfo  the learner's facts ({@link dev.cerulean.ml.learn.Predictor#trainingInfo()})
     */
    public static Provenance.Builder learner(String algorithm, Map<String, ?> params, Map<String, ?> featurization, long seed, int threads,
            String datasetHash, long trainingRows, String target, Map<String, ?> trainingInfo) {
        return now().algorithm(algorithm).params(params).featurization(featurization).seed(seed).threads(threads)
                .datasetHash(datasetHash).trainingRows(trainingRows).target(target).trainingInfo(trainingInfo);
    }

    /**
     * The members of a composite model: each part under its name, with its weight and provenance.
     *
     * @param weights one per part, or null when the composite does not average its parts (every weight null)
     * @throws IllegalArgumentException when the lists differ in size
     * @throws dev.cerulean.core.InvalidParameterException when a part has no provenance (it was built by hand)
     */
    public static List<Provenance.Member> members(List<? extends Model> parts, List<String> names, double[] weights) {
        if (parts.size() != names.size() || weights != null && weights.length != parts.size()) {
            throw new IllegalArgumentException(parts.size() + " parts, " + names.size() + " names and "
                    + (weights == null ? "no" : Integer.toString(weights.length)) + " weights");
        }
        List<Provenance.Member> out = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            out.add(new Provenance.Member(names.get(i), weights == null ? null : weights[i], parts.get(i).provenance()));
        }
        return out;
    }

    /**
     * Checks that a model is given a provenance of its own type.
     *
     * @param p    the provenance, or null (a model built by hand)
     * @return {@code p}
     * @throws IllegalArgumentException when {@code p} describes another type of model
     */
    public static Provenance requireType(Provenance p, Provenance.ModelType type) {
        if (p != null && p.modelType() != type) {
            throw new IllegalArgumentException("a " + type.wireName() + " model's provenance has model_type " + type.wireName() + ", not "
                    + p.modelType().wireName());
        }
        return p;
    }

    /** Versions of the libraries a model depends on, from their jar manifests / Maven metadata (read once). */
    public static Map<String, String> libraryVersions() {
        Map<String, String> m = libraries;
        if (m == null) {
            m = new LinkedHashMap<>();
            m.put("cerulean-ml", ceruleanVersion());
            m.put("xgboost4j", version(ml.dmlc.xgboost4j.java.XGBoost.class, "ml.dmlc", "xgboost4j_2.12"));
            m.put("lightgbm4j", version(io.github.metarank.lightgbm4j.LGBMBooster.class, "io.github.metarank", "lightgbm4j"));
            libraries = m = java.util.Collections.unmodifiableMap(m);
        }
        return m;
    }

    /** This library's version, from the build-filtered {@code version.properties}. */
    public static String ceruleanVersion() {
        String v = property(Provenances.class, "/dev/cerulean/ml/version.properties");
        return v == null || v.startsWith("$") ? "unknown" : v;
    }

    private static String version(Class<?> c, String group, String artifact) {
        String v = property(c, "/META-INF/maven/" + group + "/" + artifact + "/pom.properties");
        if (v == null) {
            v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        }
        return v == null ? "unknown" : v;
    }

    /** The {@code version} property of a resource next to {@code c}, or null when it cannot be read. */
    private static String property(Class<?> c, String resource) {
        try (InputStream in = c.getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            // An unreadable version file: the version is unknown, which the caller says.
            return null;
        }
    }
}
