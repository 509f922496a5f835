package dev.cerulean.ml.train;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to train. Build with {@link #builder()}.
 *
 * @param frame              the training data, or null when {@code source} is given
 * @param source             a table to load (through DuckDB), or null when {@code frame} is given
 * @param target             the target column
 * @param task               the task, or null to infer it from the target (see {@link Training})
 * @param algorithm          learner name or Azure ML alias
 * @param hyperparameters    hyperparameters by name (validated against the learner's; unknown names fail)
 * @param seed               the seed for folds, featurization and the learner
 * @param cvFolds            cross-validation folds (&gt;= 2), or 0 for none; default 5
 * @param validationFraction share of rows held out for validation metrics, in [0, 1); 0 for none
 * @param groupColumn        rows sharing a value stay in one fold (group k-fold), or null
 * @param featureColumns     the feature columns, or null for all but target and group
 * @param columnKinds        kinds to force per column (e.g. a numeric code as categorical); may be empty
 * @param maxClasses         refuse classification targets with more classes than this; default 100
 * @param threads            native threads, or 0 (default) to choose: 1 below a million feature cells (OpenMP
 *                           barriers cost more than they save on small data, and far more on a busy machine),
 *                           else all cores up to 8
 * @param datasetHash        content hash of the data for provenance ({@code sha256:<hex>}, a data asset's), or null
 */
public record TrainSpec(Frame frame, TableSource source, String target, Task task, String algorithm,
        Map<String, Object> hyperparameters, long seed, int cvFolds, double validationFraction, String groupColumn,
        List<String> featureColumns, Map<String, ColumnKind> columnKinds, int maxClasses, int threads, String datasetHash) {

    /** Default cross-validation folds. */
    public static final int DEFAULT_FOLDS = 5;
    /** Default maximum number of classes. */
    public static final int DEFAULT_MAX_CLASSES = 100;

    public TrainSpec {
        if ((frame == null) == (source == null)) {
            throw new InvalidParameterException("give exactly one of a frame or a table source as training data", "training_data");
        }
        if (target == null || target.isBlank()) {
            throw new InvalidParameterException("target_column_name is required", "target_column_name");
        }
        if (algorithm == null || algorithm.isBlank()) {
            throw new InvalidParameterException("algorithm is required", "algorithm");
        }
        hyperparameters = hyperparameters == null ? Map.of() : new LinkedHashMap<>(hyperparameters);
        if (cvFolds == 1 || cvFolds < 0) {
            throw new InvalidParameterException("n_cross_validations must be 0 (none) or at least 2, got " + cvFolds,
                    "n_cross_validations");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new InvalidParameterException("validation_size must be in [0, 1), got " + validationFraction, "validation_size");
        }
        featureColumns = featureColumns == null ? null : List.copyOf(featureColumns);
        columnKinds = columnKinds == null ? Map.of() : Map.copyOf(columnKinds);
        if (maxClasses < 2) {
            throw new InvalidParameterException("max_classes must be at least 2, got " + maxClasses, "max_classes");
        }
        if (threads < 0) {
            throw new InvalidParameterException("threads must be 0 (automatic) or positive, got " + threads, "threads");
        }
        Provenance.checkDatasetHash("dataset_hash", datasetHash);
    }

    /** A builder with the defaults: 5 folds, no validation split, seed 0, automatic threads. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder for {@link TrainSpec}. */
    public static final class Builder {
        private Frame frame;
        private TableSource source;
        private String target;
        private Task task;
        private String algorithm;
        private Map<String, Object> hyperparameters = new LinkedHashMap<>();
        private long seed;
        private int cvFolds = DEFAULT_FOLDS;
        private double validationFraction;
        private String groupColumn;
        private List<String> featureColumns;
        private Map<String, ColumnKind> columnKinds = Map.of();
        private int maxClasses = DEFAULT_MAX_CLASSES;
        private int threads;
        private String datasetHash;

        public Builder frame(Frame v) { frame = v; return this; }
        public Builder source(TableSource v) { source = v; return this; }
        public Builder target(String v) { target = v; return this; }
        public Builder task(Task v) { task = v; return this; }
        public Builder algorithm(String v) { algorithm = v; return this; }
        public Builder hyperparameters(Map<String, ?> v) { hyperparameters = new LinkedHashMap<>(v); return this; }
        public Builder hyperparameter(String name, Object value) { hyperparameters.put(name, value); return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder cvFolds(int v) { cvFolds = v; return this; }
        public Builder validationFraction(double v) { validationFraction = v; return this; }
        public Builder groupColumn(String v) { groupColumn = v; return this; }
        public Builder featureColumns(List<String> v) { featureColumns = v; return this; }
        public Builder columnKinds(Map<String, ColumnKind> v) { columnKinds = v; return this; }
        public Builder maxClasses(int v) { maxClasses = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder datasetHash(String v) { datasetHash = v; return this; }

        /** @throws InvalidParameterException naming the bad field */
        public TrainSpec build() {
            return new TrainSpec(frame, source, target, task, algorithm, hyperparameters, seed, cvFolds, validationFraction,
                    groupColumn, featureColumns, columnKinds, maxClasses, threads, datasetHash);
        }
    }
}
