package dev.cerulean.service.tracking;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.pkg.ModelPackage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores files with registered models: the input (CSV, Parquet or JSON lines) is read with the
 * model's signature, scored in order, and written as CSV with a {@code prediction} column and, for
 * classifiers, one {@code probability_<class>} column per class. Loaded models are kept in a small
 * cache, since loading a package costs far more than scoring a file.
 */
public final class PredictionService implements AutoCloseable {
    private static final int CACHED_MODELS = 8;

    private final RegistryService registry;
    private final Map<String, Model> cache = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Model> eldest) {
            if (size() > CACHED_MODELS) {
                close(eldest.getValue());
                return true;
            }
            return false;
        }
    };

    public PredictionService(RegistryService registry) {
        this.registry = registry;
    }

    /** The loaded model of a version (name, version number or {@code latest}). */
    public synchronized Model model(String name, String version) {
        ModelVersion v = registry.version(name, version);
        String key = v.name() + ":" + v.version();
        Model m = cache.get(key);
        if (m == null) {
            m = ModelPackage.load(registry.modelFiles(v));
            cache.put(key, m);
        }
        return m;
    }

    /**
     * Scores a file.
     *
     * @param input    the file's bytes
     * @param fileName its name, which tells the format ({@code .csv}, {@code .parquet}, {@code .jsonl}, optionally {@code .gz})
     * @param out      where the CSV of predictions goes
     * @return the number of rows scored
     */
    public int predict(String name, String version, InputStream input, String fileName, OutputStream out) throws IOException {
        Model model = model(name, version);
        String file = fileName == null || fileName.isBlank() ? "input.csv" : Path.of(fileName).getFileName().toString();
        if (TableFormat.fromFileName(file).isEmpty()) {
            throw new InvalidParameterException("cannot tell the format of '" + file + "': expected .csv, .tsv, .parquet or .jsonl", "file");
        }
        Path dir = Files.createTempDirectory("cerulean-predict");
        Path tmp = dir.resolve(file);
        try {
            Files.copy(input, tmp);
            if (Files.size(tmp) == 0) {
                throw new InvalidParameterException("the input file is empty", "file");
            }
            Frame frame = FrameReader.read(TableSource.of(tmp), new FrameReader.Options(model.signature().inputKinds(), null, 0));
            Predictions p = model.predict(frame);
            BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            p.writeCsv(w);
            w.flush();
            return p.size();
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(dir);
        }
    }

    private static void close(Model m) {
        if (m instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                // Freed at exit.
            }
        }
    }

    @Override
    public synchronized void close() {
        cache.values().forEach(PredictionService::close);
        cache.clear();
    }
}
