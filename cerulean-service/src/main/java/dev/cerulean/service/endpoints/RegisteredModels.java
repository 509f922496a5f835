package dev.cerulean.service.endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.serving.runtime.ModelSource;
import dev.cerulean.service.tracking.RegistryService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finds the files of registered model versions and loads them, for deployments. */
final class RegisteredModels {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryService registry;

    RegisteredModels(RegistryService registry) {
        this.registry = registry;
    }

    /** A model version and the folder of its files. */
    record Resolved(String name, int version, Path dir) {
    }

    /**
     * Resolves {@code azureml:NAME:VERSION} or {@code azureml:NAME@latest}.
     *
     * @throws CeruleanException NOT_FOUND (target {@code model}) for an unknown model or version;
     *                           INVALID_PARAMETER when the version's files are not in this workspace
     */
    Resolved resolve(String reference) {
        AssetRef ref = AssetRef.parse("model", reference);
        ModelVersion v;
        try {
            v = registry.version(ref.name(), ref.isLatest() ? AssetRef.LATEST : Integer.toString(ref.version()));
        } catch (NotFoundException e) {
            throw new NotFoundException("model '" + ref + "' cannot be deployed: " + e.getMessage(), "model");
        }
        return locate(v);
    }

    /** A known version, by number. */
    Resolved resolve(String name, int version) {
        ModelVersion v;
        try {
            v = registry.getVersion(name, Integer.toString(version));
        } catch (NotFoundException e) {
            throw new NotFoundException("model '" + name + ":" + version + "' is no longer registered: " + e.getMessage(), "model");
        }
        return locate(v);
    }

    private Resolved locate(ModelVersion v) {
        return new Resolved(v.name(), v.version(), registry.modelFiles(v));
    }

    /**
     * Loads a model folder.
     *
     * @throws CeruleanException INVALID_PARAMETER (target {@code model}) when it is not a model Cerulean can serve
     */
    static Model load(Resolved r) {
        try {
            return ModelPackage.load(r.dir());
        } catch (CeruleanException e) {
            throw new CeruleanException(e.code().httpStatus() >= 500 ? e.code() : ErrorCode.INVALID_PARAMETER, "model '" + r.name() + ":"
                    + r.version() + "' cannot be served: " + e.getMessage(), "model", e.details(), e);
        }
    }

    /** A model source that resolves the version again at each load, so a restart sees the registry as it is. */
    ModelSource source(String name, int version) {
        return new ModelSource() {
            @Override
            public Model load() {
                return RegisteredModels.load(resolve(name, version));
            }

            @Override
            public Optional<Frame> example() {
                return inputExample(resolve(name, version).dir());
            }
        };
    }

    /**
     * The package's {@code input_example.json} ({@code {"columns": [...], "data": [[...]]}}) as a frame, or
     * empty when it has none or it cannot be read (probes then use a row of missing values).
     */
    static Optional<Frame> inputExample(Path dir) {
        Path f = dir.resolve("input_example.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            JsonNode cols = n.path("columns");
            JsonNode data = n.path("data");
            if (!cols.isArray() || !data.isArray() || data.isEmpty()) {
                return Optional.empty();
            }
            List<String> names = new ArrayList<>();
            cols.forEach(c -> names.add(c.asText()));
            List<Object[]> rows = new ArrayList<>();
            for (JsonNode r : data) {
                Object[] row = new Object[names.size()];
                for (int i = 0; i < row.length && i < r.size(); i++) {
                    JsonNode v = r.get(i);
                    row[i] = v.isNull() ? null : v.isNumber() ? (Object) v.asDouble() : v.isBoolean() ? (Object) v.asBoolean() : v.asText();
                }
                rows.add(row);
            }
            return Optional.of(Frame.fromRows(names, rows, null));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
