package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.forecast.ForecastSettings;
import dev.cerulean.ml.frame.Frame;
import java.time.Duration;

/**
 * What an AutoML run does: Azure ML's {@code automl} job, field for field where Cerulean supports it. Build
 * with {@link #builder()}; the record checks each field alone, {@link AutoMl#run} checks them against the
 * data (a target that is not a column, a primary metric the task does not have, ...).
 *
 * @param task               classification, regression or forecasting
 * @param primaryMetric      Azure ML's metric name, or null for the task's default ({@code accuracy},
 *                           {@code normalized_root_mean_squared_error} for regression and forecasting)
 * @param trainingData       the training table, or null when {@code trainingSource} is given
 * @param trainingSource     a table to load (through DuckDB), or null when {@code trainingData} is given
 * @param target             the target column ({@code target_column_name})
 * @param validationData     a validation table (frame), or null
 * @param validationSource   a validation table to load, or null
 * @param validationDataSize share of the training rows held out for validation ({@code validation_data_size}),
 *                           in (0, 1), or null
 * @param nCrossValidations  cross-validation folds ({@code n_cross_validations}), at least 2, or null for auto
 *                           (chosen by size: see {@link AutoMl}); rolling-origin windows for forecasting
 * @param testData           a test table scored once with the best model, or null
 * @param testSource         a test table to load, or null
 * @param testDataSize       share of the training rows held out as test data ({@code test_data_size}), in
 *                           (0, 1), or null
 * @param limits             time and trial limits
 * @param training           allowed and blocked algorithms, ensembles, explanations
 * @param featurization      featurization mode, blocked transformers, column purposes
 * @param forecasting        the forecasting settings (required for, and only for, forecasting)
 * @param seed               the seed for splits, featurization, learners and search
 * @param threads            CPU threads AutoML may use (folds of a trial run in parallel on them); 0 for all cores
 * @param datasetHash        the training data's content hash ({@code sha256:<hex>}: the data asset's, filled in by the
 *                           job that resolved it), recorded in the provenance of every model; null when the data is
 *                           not an asset
 */
public record AutoMlSpec(AutoMlTask task, String primaryMetric, Frame trainingData, TableSource trainingSource, String target,
        Frame validationData, TableSource validationSource, Double validationDataSize, Integer nCrossValidations, Frame testData,
        TableSource testSource, Double testDataSize, AutoMlLimits limits, TrainingSettings training,
        FeaturizationSettings featurization, ForecastSettings forecasting, long seed, int threads, String datasetHash) {

    public AutoMlSpec {
        if (task == null) {
            throw new InvalidParameterException("task is required: classification, regression or forecasting", "task");
        }
        if ((trainingData == null) == (trainingSource == null)) {
            throw new InvalidParameterException("give exactly one training table (training_data)", "training_data");
        }
        if (target == null || target.isBlank()) {
            throw new InvalidParameterException("target_column_name is required", "target_column_name");
        }
        if (validationData != null && validationSource != null) {
            throw new InvalidParameterException("give validation_data as a frame or a table source, not both", "validation_data");
        }
        if (testData != null && testSource != null) {
            throw new InvalidParameterException("give test_data as a frame or a table source, not both", "test_data");
        }
        boolean validation = validationData != null || validationSource != null;
        int ways = (validation ? 1 : 0) + (validationDataSize != null ? 1 : 0) + (nCrossValidations != null ? 1 : 0);
        if (ways > 1 && task != AutoMlTask.FORECASTING) {
            throw new InvalidParameterException("give at most one of validation_data, validation_data_size and n_cross_validations",
                    validation ? "validation_data" : "validation_data_size");
        }
        if (validationDataSize != null && !(validationDataSize > 0 && validationDataSize < 1)) {
            throw new InvalidParameterException("validation_data_size must be in (0, 1), got " + validationDataSize,
                    "validation_data_size");
        }
        if (nCrossValidations != null && nCrossValidations < (task == AutoMlTask.FORECASTING ? 1 : 2)) {
            throw new InvalidParameterException("n_cross_validations must be at least " + (task == AutoMlTask.FORECASTING ? 1 : 2)
                    + " (or auto), got " + nCrossValidations, "n_cross_validations");
        }
        if (testDataSize != null && !(testDataSize > 0 && testDataSize < 1)) {
            throw new InvalidParameterException("test_data_size must be in (0, 1), got " + testDataSize, "test_data_size");
        }
        if (testDataSize != null && (testData != null || testSource != null)) {
            throw new InvalidParameterException("give test_data or test_data_size, not both", "test_data_size");
        }
        limits = limits == null ? AutoMlLimits.DEFAULT : limits;
        training = training == null ? TrainingSettings.DEFAULT : training;
        featurization = featurization == null ? FeaturizationSettings.AUTO : featurization;
        if (task == AutoMlTask.FORECASTING && forecasting == null) {
            throw new InvalidParameterException("a forecasting task needs forecasting settings, forecasting.time_column_name at least",
                    "forecasting.time_column_name");
        }
        if (task != AutoMlTask.FORECASTING && forecasting != null) {
            throw new InvalidParameterException("forecasting settings are only for the forecasting task, not " + task.wireName(),
                    "forecasting");
        }
        if (threads < 0) {
            throw new InvalidParameterException("threads must be 0 (all cores) or positive, got " + threads, "threads");
        }
        Provenance.checkDatasetHash("dataset_hash", datasetHash);
    }

    /** A builder: classification unless told, Azure ML's defaults otherwise, seed 0. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * This spec with its table sources read into frames, as {@link AutoMl#run} would read them (column
     * purposes forced, the target's labels kept as the file spells them): for a caller that needs the
     * data before the run (its row count, an input example) without reading it twice.
     *
     * @throws InvalidParameterException when DuckDB cannot read a table, naming it
     */
    public AutoMlSpec withDataLoaded() {
        return toBuilder().trainingData(Frames.load(this, trainingData, trainingSource)).trainingSource(null)
                .validationData(Frames.load(this, validationData, validationSource)).validationSource(null)
                .testData(Frames.load(this, testData, testSource)).testSource(null).build();
    }

    /** A builder starting from this spec. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.task = task;
        b.primaryMetric = primaryMetric;
        b.trainingData = trainingData;
        b.trainingSource = trainingSource;
        b.target = target;
        b.validationData = validationData;
        b.validationSource = validationSource;
        b.validationDataSize = validationDataSize;
        b.nCrossValidations = nCrossValidations;
        b.testData = testData;
        b.testSource = testSource;
        b.testDataSize = testDataSize;
        b.limits = limits;
        b.training = training;
        b.featurization = featurization;
        b.forecasting = forecasting;
        b.seed = seed;
        b.threads = threads;
        b.datasetHash = datasetHash;
        return b;
    }

    /** Builder for {@link AutoMlSpec}. */
    public static final class Builder {
        private AutoMlTask task = AutoMlTask.CLASSIFICATION;
        private String primaryMetric;
        private Frame trainingData;
        private TableSource trainingSource;
        private String target;
        private Frame validationData;
        private TableSource validationSource;
        private Double validationDataSize;
        private Integer nCrossValidations;
        private Frame testData;
        private TableSource testSource;
        private Double testDataSize;
        private AutoMlLimits limits = AutoMlLimits.DEFAULT;
        private TrainingSettings training = TrainingSettings.DEFAULT;
        private FeaturizationSettings featurization = FeaturizationSettings.AUTO;
        private ForecastSettings forecasting;
        private long seed;
        private int threads;
        private String datasetHash;

        public Builder task(AutoMlTask v) { task = v; return this; }
        public Builder primaryMetric(String v) { primaryMetric = v; return this; }
        public Builder trainingData(Frame v) { trainingData = v; return this; }
        public Builder trainingSource(TableSource v) { trainingSource = v; return this; }
        public Builder target(String v) { target = v; return this; }
        public Builder validationData(Frame v) { validationData = v; return this; }
        public Builder validationSource(TableSource v) { validationSource = v; return this; }
        public Builder validationDataSize(Double v) { validationDataSize = v; return this; }
        public Builder nCrossValidations(Integer v) { nCrossValidations = v; return this; }
        public Builder testData(Frame v) { testData = v; return this; }
        public Builder testSource(TableSource v) { testSource = v; return this; }
        public Builder testDataSize(Double v) { testDataSize = v; return this; }
        public Builder limits(AutoMlLimits v) { limits = v; return this; }
        /** Shorthand for the limits' timeout. */
        public Builder timeout(Duration v) { limits = limits.withTimeout(v); return this; }
        public Builder training(TrainingSettings v) { training = v; return this; }
        public Builder featurization(FeaturizationSettings v) { featurization = v; return this; }
        public Builder forecasting(ForecastSettings v) { forecasting = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder datasetHash(String v) { datasetHash = v; return this; }

        /** @throws InvalidParameterException naming the bad field */
        public AutoMlSpec build() {
            return new AutoMlSpec(task, primaryMetric, trainingData, trainingSource, target, validationData, validationSource,
                    validationDataSize, nCrossValidations, testData, testSource, testDataSize, limits, training, featurization,
                    forecasting, seed, threads, datasetHash);
        }
    }
}
