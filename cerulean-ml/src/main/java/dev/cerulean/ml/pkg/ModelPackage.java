package dev.cerulean.ml.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.learn.Learner;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.LightGbmLearner;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.learn.XgboostLearner;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Provenances;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Saves and loads models as MLflow model directories.
 *
 * <p>A saved package holds: {@code MLmodel} (YAML: the {@code cerulean} flavor, the native
 * {@code xgboost} or {@code lightgbm} flavor for those learners, {@code signature},
 * {@code saved_input_example_info}, {@code model_uuid}, {@code utc_time_created}, {@code metadata}),
 * {@code featurizer.json}, the learner's file ({@code model.ubj}, {@code model.lgb}, {@code model.json}
 * or {@code model.knn}), {@code provenance.json}, and, with an example, {@code input_example.json}
 * (pandas split orient) and {@code serving_input_example.json} ({@code dataframe_split}). A composite
 * model's package has its {@link ModelFormat}'s files instead of the learner's, and a {@code provenance.json}
 * of its own too (the model's {@link dev.cerulean.core.model.Provenance}, its members' included).
 *
 * <p>The native flavor's booster takes the <em>featurized</em> columns (named in the booster file), not
 * the raw inputs in the signature: Python users should load the {@code cerulean} flavor through
 * Cerulean, or featurize themselves.
 */
public final class ModelPackage {
    /** The version of the {@code cerulean} flavor layout this code writes for a single model. */
    public static final int FORMAT_VERSION = 1;
    /**
     * The layout of composite models ({@link ModelFormat}: ensembles, forecasters), and the newest version
     * this code reads. Version 1 readers refuse it with a message saying to upgrade.
     */
    public static final int COMPOSITE_FORMAT_VERSION = 2;
    /** The MLflow version whose MLmodel layout is written. */
    public static final String MLFLOW_VERSION = "2.17.2";
    static final String MLMODEL = "MLmodel";
    private static final int EXAMPLE_ROWS = 5;
    private static final ObjectMapper YAML = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build();
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private ModelPackage() {
    }

    /**
     * Options for {@link #save}.
     *
     * @param inputExample rows to store as the input example (the first five are kept), or null
     * @param runId        the run that produced the model, or null
     * @param artifactPath the artifact path within the run ({@code model}), or null
     * @param metadata     free-form string metadata; may be empty
     */
    public record SaveOptions(Frame inputExample, String runId, String artifactPath, Map<String, String> metadata) {
        /** No example, no run. */
        public static final SaveOptions NONE = new SaveOptions(null, null, null, Map.of());

        public SaveOptions {
            metadata = metadata == null ? Map.of() : new LinkedHashMap<>(metadata);
        }

        /** With an input example. */
        public static SaveOptions withExample(Frame example) {
            return new SaveOptions(example, null, null, Map.of());
        }
    }

    /**
     * Writes {@code model} as an MLflow model directory at {@code dir}. The directory appears complete or
     * not at all: files are written to a sibling temporary directory that is then renamed.
     *
     * @throws InvalidParameterException if {@code dir} exists and is not empty
     * @throws UncheckedIOException      on I/O failure
     */
    public static void save(CeruleanModel model, Path dir, SaveOptions options) {
        save((Model) model, dir, options);
    }

    /**
     * Writes any model Cerulean can package: a {@link CeruleanModel}, or a composite model (an AutoML
     * ensemble, a forecaster) that a {@link ModelFormat} supports. The directory appears complete or not at
     * all.
     *
     * @throws InvalidParameterException if {@code dir} exists and is not empty, or no format supports the
     *                                   model (an imported XGBoost, LightGBM or ONNX model: copy its original
     *                                   directory instead)
     * @throws UncheckedIOException      on I/O failure
     */
    public static void save(Model model, Path dir, SaveOptions options) {
        ModelFormat format = null;
        if (!(model instanceof CeruleanModel)) {
            format = formats().stream().filter(f -> f.supports(model)).findFirst().orElseThrow(() -> new InvalidParameterException(
                    "cannot save a " + model.getClass().getSimpleName() + " as a Cerulean model package; only models trained by "
                    + "Cerulean can be saved (copy an imported model's original directory instead)", "model"));
        }
        Path target = dir.toAbsolutePath().normalize();
        try {
            if (Files.exists(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    if (s.findAny().isPresent()) {
                        throw new InvalidParameterException("cannot save the model: '" + dir + "' exists and is not empty", "path");
                    }
                }
            }
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-" + UUID.randomUUID());
            Files.createDirectory(tmp);
            try {
                if (format == null) {
                    writeFiles((CeruleanModel) model, tmp, options);
                } else {
                    writeComposite(model, format, tmp, options);
                }
                if (Files.exists(target)) {
                    Files.delete(target);
                }
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target);
                }
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the model to " + dir, e);
        }
    }

    private static void writeFiles(CeruleanModel model, Path dir, SaveOptions options) throws IOException {
        Predictor.SavedModel data = model.predictor().save();
        Files.write(dir.resolve(data.fileName()), data.bytes());
        Files.writeString(dir.resolve("featurizer.json"), model.featurizer().toJson());
        Map<String, String> versions = Provenances.libraryVersions();

        Map<String, Object> flavors = new LinkedHashMap<>();
        Map<String, Object> cer = new LinkedHashMap<>();
        cer.put("format_version", FORMAT_VERSION);
        cer.put("cerulean_version", versions.get("cerulean-ml"));
        cer.put("task", model.task().name().toLowerCase(Locale.ROOT));
        cer.put("target", model.target());
        cer.put("classes", model.classes());
        cer.put("numeric_labels", model.numericLabels());
        cer.put("learner", model.predictor().learner());
        cer.put("model_data", data.fileName());
        cer.put("model_format", data.format());
        cer.put("featurizer", "featurizer.json");
        new PackageWriter(dir).provenance(cer, "", model.provenance());
        if (data.flavor() != null) {
            cer.put("native_flavor_input", "featurized columns (see featurizer.json), not the signature's raw columns");
        }
        flavors.put("cerulean", cer);
        if ("xgboost".equals(data.flavor())) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("xgb_version", versions.get("xgboost4j"));
            x.put("data", data.fileName());
            x.put("model_class", "xgboost.core.Booster");
            x.put("model_format", data.format());
            x.put("code", null);
            flavors.put("xgboost", x);
        } else if ("lightgbm".equals(data.flavor())) {
            Map<String, Object> l = new LinkedHashMap<>();
            String v = versions.get("lightgbm4j");
            l.put("lgb_version", v.contains("-") ? v.substring(0, v.indexOf('-')) : v);
            l.put("data", data.fileName());
            l.put("model_class", "lightgbm.basic.Booster");
            l.put("code", null);
            flavors.put("lightgbm", l);
        }
        writeMlmodel(dir, flavors, model.signature(), options);
    }

    private static void writeComposite(Model model, ModelFormat format, Path dir, SaveOptions options) throws IOException {
        PackageWriter out = new PackageWriter(dir);
        Map<String, Object> attrs = format.write(model, out);
        Map<String, Object> cer = new LinkedHashMap<>();
        cer.put("format_version", COMPOSITE_FORMAT_VERSION);
        cer.put("model_type", format.modelType());
        cer.put("cerulean_version", Provenances.ceruleanVersion());
        cer.put("task", model.task().name().toLowerCase(Locale.ROOT));
        cer.put("classes", model.classes());
        cer.putAll(attrs);
        out.provenance(cer, "", model.provenance());
        Map<String, Object> flavors = new LinkedHashMap<>();
        flavors.put("cerulean", cer);
        writeMlmodel(dir, flavors, model.signature(), options);
    }

    private static void writeMlmodel(Path dir, Map<String, Object> flavors, ModelSignature signature, SaveOptions options)
            throws IOException {
        Map<String, Object> mlmodel = new LinkedHashMap<>();
        if (options.artifactPath() != null) {
            mlmodel.put("artifact_path", options.artifactPath());
        }
        mlmodel.put("flavors", flavors);
        mlmodel.put("mlflow_version", MLFLOW_VERSION);
        mlmodel.put("model_uuid", UUID.randomUUID().toString().replace("-", ""));
        if (options.runId() != null) {
            mlmodel.put("run_id", options.runId());
        }
        Map<String, Object> sig = new LinkedHashMap<>();
        sig.put("inputs", signature.inputsJson());
        sig.put("outputs", signature.outputsJson());
        sig.put("params", null);
        mlmodel.put("signature", sig);
        if (options.inputExample() != null) {
            Map<String, Object> split = exampleSplit(options.inputExample(), signature.inputNames());
            Files.write(dir.resolve("input_example.json"), JSON.writeValueAsBytes(split));
            Files.write(dir.resolve("serving_input_example.json"), JSON.writeValueAsBytes(Map.of("dataframe_split", split)));
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("artifact_path", "input_example.json");
            info.put("type", "dataframe");
            info.put("pandas_orient", "split");
            info.put("serving_input_path", "serving_input_example.json");
            mlmodel.put("saved_input_example_info", info);
        }
        mlmodel.put("utc_time_created", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")));
        if (!options.metadata().isEmpty()) {
            mlmodel.put("metadata", options.metadata());
        }
        Files.write(dir.resolve(MLMODEL), YAML.writeValueAsBytes(mlmodel));
    }

    private static Map<String, Object> exampleSplit(Frame example, List<String> inputs) {
        List<String> cols = inputs.stream().filter(example::has).toList();
        int rows = Math.min(EXAMPLE_ROWS, example.rowCount());
        List<List<Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Object> row = new ArrayList<>();
            for (String c : cols) {
                FrameColumn col = example.column(c);
                Object v = col.get(i);
                if (v instanceof Double d && col instanceof dev.cerulean.ml.frame.NumericColumn num && num.integral()
                        && d == Math.rint(d) && Math.abs(d) < 1e15) {
                    v = d.longValue();
                }
                row.add(v instanceof Instant t ? t.toString() : v instanceof Double d && d.isNaN() ? null : v);
            }
            data.add(row);
        }
        Map<String, Object> split = new LinkedHashMap<>();
        split.put("columns", cols);
        split.put("data", data);
        return split;
    }

    /**
     * Reads the {@code MLmodel} file of a model directory as a map.
     *
     * @throws InvalidParameterException if there is no readable {@code MLmodel} file
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> readMlmodel(Path dir) {
        Path f = dir.resolve(MLMODEL);
        if (!Files.isRegularFile(f)) {
            throw new InvalidParameterException("'" + dir + "' is not an MLflow model directory: it has no MLmodel file", "path");
        }
        try {
            Object o = YAML.readValue(f.toFile(), Object.class);
            if (!(o instanceof Map)) {
                throw new InvalidParameterException("the MLmodel file in '" + dir + "' is not a YAML mapping", "MLmodel");
            }
            return (Map<String, Object>) o;
        } catch (IOException e) {
            throw new InvalidParameterException("the MLmodel file in '" + dir + "' is not valid YAML: " + e.getMessage(), "MLmodel");
        }
    }

    /**
     * Loads a model directory: Cerulean's own ({@code cerulean} flavor), or one made elsewhere with the
     * {@code xgboost}, {@code lightgbm} or {@code onnx} flavor (tried in that order). Foreign models take
     * their features in signature order (or the booster's feature order without a signature), with no
     * featurizer.
     *
     * @throws InvalidParameterException if the directory is not an MLflow model, has none of these flavors,
     *                                   its files are unreadable, or its {@code format_version} is newer than
     *                                   {@link #FORMAT_VERSION} (the message says so)
     */
    @SuppressWarnings("unchecked")
    public static Model load(Path dir) {
        Map<String, Object> mlmodel = readMlmodel(dir);
        Object fl = mlmodel.get("flavors");
        if (!(fl instanceof Map)) {
            throw new InvalidParameterException("the MLmodel file in '" + dir + "' has no flavors", "MLmodel.flavors");
        }
        Map<String, Object> flavors = (Map<String, Object>) fl;
        ModelSignature signature = signature(mlmodel);
        if (flavors.get("cerulean") instanceof Map<?, ?> c) {
            return loadCerulean(dir, (Map<String, Object>) c);
        }
        if (flavors.get("xgboost") instanceof Map<?, ?> x) {
            byte[] bytes = read(dir, (String) ((Map<String, Object>) x).get("data"), "xgboost.data");
            Object[] d = XgboostLearner.describe(bytes);
            Predictor p = XgboostLearner.INSTANCE.load(bytes, (Task) d[0], (int) d[1]);
            return new NativeModel(p, signature != null ? signature : boosterSignature(p, names(bytes, true)));
        }
        if (flavors.get("lightgbm") instanceof Map<?, ?> l) {
            byte[] bytes = read(dir, (String) ((Map<String, Object>) l).get("data"), "lightgbm.data");
            Object[] d = LightGbmLearner.describe(new String(bytes, StandardCharsets.UTF_8));
            Predictor p = LightGbmLearner.GBDT.load(bytes, (Task) d[0], (int) d[1]);
            return new NativeModel(p, signature != null ? signature : boosterSignature(p, names(bytes, false)));
        }
        if (flavors.get("onnx") instanceof Map<?, ?> o) {
            byte[] bytes = read(dir, (String) ((Map<String, Object>) o).get("data"), "onnx.data");
            return new OnnxModel(bytes, signature);
        }
        throw new InvalidParameterException("the model in '" + dir + "' has flavors " + flavors.keySet()
                + "; Cerulean can load cerulean, xgboost, lightgbm and onnx", "MLmodel.flavors");
    }

    private static Model loadCerulean(Path dir, Map<String, Object> c) {
        Object fv = c.get("format_version");
        int version = fv instanceof Number n ? n.intValue() : -1;
        if (version < 1) {
            throw new InvalidParameterException("the cerulean flavor in '" + dir + "' has no valid format_version", "format_version");
        }
        if (version > COMPOSITE_FORMAT_VERSION) {
            throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "the model package has format_version " + version
                    + ", newer than this Cerulean understands (" + COMPOSITE_FORMAT_VERSION + "); upgrade Cerulean to load it",
                    "format_version");
        }
        Object type = c.get("model_type");
        if (type == null) {
            if (version > FORMAT_VERSION) {
                throw new InvalidParameterException("the cerulean flavor in '" + dir + "' has format_version " + version
                        + " but no model_type", "model_type");
            }
            return ceruleanModel(new PackageReader(dir), c);
        }
        for (ModelFormat f : formats()) {
            if (f.modelType().equals(type)) {
                return f.read(new PackageReader(dir), c);
            }
        }
        throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "the model package holds a model of type '" + type
                + "', which this Cerulean cannot load (known: " + formats().stream().map(ModelFormat::modelType).toList()
                + "); upgrade Cerulean to load it", "model_type");
    }

    private static volatile List<ModelFormat> formats;

    /** The composite model formats on the class path. */
    static List<ModelFormat> formats() {
        List<ModelFormat> f = formats;
        if (f == null) {
            List<ModelFormat> found = new ArrayList<>();
            java.util.ServiceLoader.load(ModelFormat.class, ModelPackage.class.getClassLoader()).forEach(found::add);
            formats = f = List.copyOf(found);
        }
        return f;
    }

    /** A single model from its flavor or descriptor (task, classes, learner, model_data, featurizer, provenance). */
    @SuppressWarnings("unchecked")
    static CeruleanModel ceruleanModel(PackageReader in, Map<String, Object> c) {
        Path dir = in.dir();
        Learner<?> learner = Learners.get((String) c.get("learner"));
        Task task = Task.valueOf(String.valueOf(c.get("task")).toUpperCase(Locale.ROOT));
        List<String> classes = c.get("classes") == null ? List.of() : ((List<Object>) c.get("classes")).stream()
                .map(String::valueOf).toList();
        byte[] data = read(dir, (String) c.get("model_data"), "cerulean.model_data");
        if (c.get("featurizer") == null) {
            throw new InvalidParameterException("the MLmodel file in '" + dir + "' has no 'cerulean.featurizer'", "cerulean.featurizer");
        }
        Featurizer featurizer = in.featurizer((String) c.get("featurizer"));
        Predictor predictor = learner.load(data, task, task.isClassification() ? classes.size() : 0);
        return new CeruleanModel(featurizer, predictor, (String) c.get("target"), classes,
                Boolean.TRUE.equals(c.get("numeric_labels")), in.provenance(c));
    }

    @SuppressWarnings("unchecked")
    private static ModelSignature signature(Map<String, Object> mlmodel) {
        if (!(mlmodel.get("signature") instanceof Map<?, ?> s) || s.get("inputs") == null) {
            return null;
        }
        Map<String, Object> sig = (Map<String, Object>) s;
        return ModelSignature.parse(String.valueOf(sig.get("inputs")), sig.get("outputs") == null ? null
                : String.valueOf(sig.get("outputs")));
    }

    private static ModelSignature boosterSignature(Predictor p, List<String> names) {
        List<ModelSignature.ColumnSpec> in = new ArrayList<>();
        for (int j = 0; j < p.featureCount(); j++) {
            String n = names != null && j < names.size() ? names.get(j) : "f" + j;
            in.add(new ModelSignature.ColumnSpec(n, "double", true));
        }
        return new ModelSignature(in, List.of());
    }

    /** Feature names stored in a booster file, or null. */
    private static List<String> names(byte[] bytes, boolean xgboost) {
        if (xgboost) {
            try {
                ml.dmlc.xgboost4j.java.Booster b = ml.dmlc.xgboost4j.java.XGBoost.loadModel(bytes);
                try {
                    String[] n = b.getFeatureNames();
                    return n == null || n.length == 0 ? null : List.of(n);
                } finally {
                    b.dispose();
                }
            } catch (ml.dmlc.xgboost4j.java.XGBoostError | IOException e) {
                return null;
            }
        }
        for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n", 100)) {
            if (line.startsWith("feature_names=")) {
                return List.of(line.substring("feature_names=".length()).strip().split(" "));
            }
        }
        return null;
    }

    static byte[] read(Path dir, String name, String field) {
        if (name == null) {
            throw new InvalidParameterException("the MLmodel file in '" + dir + "' has no '" + field + "'", field);
        }
        Path f = dir.resolve(name).normalize();
        if (!f.startsWith(dir.normalize())) {
            throw new InvalidParameterException("'" + field + "' points outside the model directory: " + name, field);
        }
        try {
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw new InvalidParameterException("cannot read '" + name + "' (" + field + ") in '" + dir + "': " + e.getMessage(), field);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
