package dev.cerulean.ml.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.model.CeruleanModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads the files of a composite model from a package directory (see {@link ModelFormat}). A featurizer
 * stored once and referenced by several members is read once and shared.
 */
public final class PackageReader {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private final Path dir;
    private final Map<String, Featurizer> featurizers = new HashMap<>();

    PackageReader(Path dir) {
        this.dir = dir;
    }

    /** The package directory. */
    public Path dir() {
        return dir;
    }

    /**
     * The bytes at {@code relPath}.
     *
     * @param field the MLmodel or JSON field that named the file, for the error message
     * @throws InvalidParameterException naming the file and field when it is missing or outside the package
     */
    public byte[] bytes(String relPath, String field) {
        return ModelPackage.read(dir, relPath, field);
    }

    /** The UTF-8 text at {@code relPath}. */
    public String text(String relPath, String field) {
        return new String(bytes(relPath, field), StandardCharsets.UTF_8);
    }

    /**
     * JSON at {@code relPath} as {@code type}.
     *
     * @throws InvalidParameterException when the file is missing or not valid JSON for the type
     */
    public <T> T json(String relPath, Class<T> type, String field) {
        try {
            return JSON.readValue(bytes(relPath, field), type);
        } catch (IOException e) {
            throw new InvalidParameterException("'" + relPath + "' (" + field + ") in '" + dir + "' is not valid: " + e.getMessage(),
                    field);
        }
    }

    /** The featurizer at {@code relPath}, read once per path. */
    public Featurizer featurizer(String relPath) {
        return featurizers.computeIfAbsent(relPath, p -> Featurizer.fromJson(text(p, "featurizer")));
    }

    /**
     * The provenance a descriptor (or the {@code cerulean} flavor) names under {@code provenance}, as
     * {@link PackageWriter#provenance} wrote it.
     *
     * @return the provenance, or null when the descriptor names none (packages of composite models written
     *         before composites recorded one)
     * @throws InvalidParameterException naming the file and the field when the file is missing or not a valid
     *                                   provenance
     */
    @SuppressWarnings("unchecked")
    public Provenance provenance(Map<String, Object> descriptor) {
        Object path = descriptor.get("provenance");
        if (path == null) {
            return null;
        }
        Map<String, Object> m = json(String.valueOf(path), Map.class, "cerulean.provenance");
        try {
            return Provenance.fromMap(m);
        } catch (InvalidParameterException e) {
            throw new InvalidParameterException("'" + path + "' in '" + dir + "' is not a valid provenance: " + e.getMessage(),
                    "provenance." + e.target());
        }
    }

    /** A single model from a descriptor written by {@link PackageWriter#cerulean}. */
    public CeruleanModel cerulean(Map<String, Object> descriptor) {
        return ModelPackage.ceruleanModel(this, descriptor);
    }
}
