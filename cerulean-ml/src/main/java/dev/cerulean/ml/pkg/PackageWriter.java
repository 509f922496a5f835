package dev.cerulean.ml.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.model.CeruleanModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the files of a composite model into a package directory being built (see {@link ModelFormat}).
 * Paths are relative to the package and must stay inside it. A featurizer shared by several member
 * models is written once.
 */
public final class PackageWriter {
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private final Path dir;
    private final Map<Featurizer, String> featurizers = new IdentityHashMap<>();

    PackageWriter(Path dir) {
        this.dir = dir;
    }

    private Path resolve(String relPath) throws IOException {
        Path p = dir.resolve(relPath).normalize();
        if (!p.startsWith(dir) || p.equals(dir)) {
            throw new InvalidParameterException("package path '" + relPath + "' points outside the model directory", "path");
        }
        Files.createDirectories(p.getParent());
        return p;
    }

    /** Writes bytes at {@code relPath}. */
    public void bytes(String relPath, byte[] data) throws IOException {
        Files.write(resolve(relPath), data);
    }

    /** Writes text (UTF-8) at {@code relPath}. */
    public void text(String relPath, String data) throws IOException {
        bytes(relPath, data.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code value} as indented JSON (Jackson) at {@code relPath}. */
    public void json(String relPath, Object value) throws IOException {
        Files.write(resolve(relPath), JSON.writeValueAsBytes(value));
    }

    /**
     * Writes a featurizer once, as {@code featurizers/featurizer-<n>.json} (the same instance again returns the
     * first path).
     *
     * @return the path it is stored at
     */
    public String featurizer(Featurizer f) throws IOException {
        String have = featurizers.get(f);
        if (have != null) {
            return have;
        }
        String relPath = "featurizers/featurizer-" + featurizers.size() + ".json";
        text(relPath, f.toJson());
        featurizers.put(f, relPath);
        return relPath;
    }

    /**
     * Writes a single model's learner file, featurizer and provenance under {@code prefix} (a folder,
     * ending in {@code /}), the featurizer only once per instance.
     *
     * @return its descriptor, to store in the composite's own JSON and pass to {@link PackageReader#cerulean}
     */
    public Map<String, Object> cerulean(CeruleanModel m, String prefix) throws IOException {
        Predictor.SavedModel data = m.predictor().save();
        bytes(prefix + data.fileName(), data.bytes());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("task", m.task().name().toLowerCase(Locale.ROOT));
        d.put("target", m.target());
        d.put("classes", m.classes());
        d.put("numeric_labels", m.numericLabels());
        d.put("learner", m.predictor().learner());
        d.put("model_data", prefix + data.fileName());
        d.put("featurizer", featurizer(m.featurizer()));
        provenance(d, prefix, m.provenance());
        return d;
    }

    /**
     * Writes a model's provenance as {@code <prefix>provenance.json} ({@link Provenance#toMap()}) and names it in
     * the model's descriptor (or flavor) under {@code provenance}, for {@link PackageReader#provenance}. Nothing
     * is written for a null provenance.
     */
    public void provenance(Map<String, Object> descriptor, String prefix, Provenance p) throws IOException {
        if (p != null) {
            json(prefix + "provenance.json", p.toMap());
            descriptor.put("provenance", prefix + "provenance.json");
        }
    }
}
