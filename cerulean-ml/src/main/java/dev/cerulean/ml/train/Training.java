package dev.cerulean.ml.train;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.feature.ColumnEncoder;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.frame.BooleanColumn;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.learn.FitContext;
import dev.cerulean.ml.learn.Learner;
import dev.cerulean.ml.learn.LearnerParams;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.Predictor;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Provenances;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Trains one learner on one table: the entry point for built-in {@code train} jobs, the CLI and AutoML.
 *
 * <p>Steps: load the data (DuckDB for a {@link dev.cerulean.ml.data.TableSource}); check the target; drop
 * rows whose target is missing (with a warning); infer the task when not given; hold out a validation
 * share if asked; cross-validate (stratified for classification, by group when a group column is given),
 * fitting the featurizer and learner on each fold's training rows only; refit both on all training rows;
 * score the validation hold-out.
 *
 * <p>Task inference: a boolean, categorical or text target is classification; a numeric target is
 * classification when all its values are integers and it has at most min(20, max(2, n/20)) distinct
 * values, regression otherwise. Give the task explicitly when this guess would be wrong.
 *
 * <p>Early stopping: when the hyperparameters set {@code early_stopping_rounds}, each fold stops on its
 * own held-out rows (as AutoGluon does), and the refit uses the mean best round count; without
 * cross-validation the validation hold-out is watched instead, and without either LightGBM watches a
 * {@code validation_fraction} share of the training rows it holds out itself. LightGBM's default early
 * stopping (chosen from the row count, see {@link dev.cerulean.ml.learn.LightGbmParams#resolve}) is the
 * learner's own: every fit, fold or refit, holds out its share, so the cross-validated metrics measure
 * the procedure that made the refit model.
 */
public final class Training {
    private Training() {
    }

    /**
     * Trains per the spec.
     *
     * @throws InvalidParameterException for: an unknown algorithm or hyperparameter (naming it and the
     *         nearest valid name); a target column that does not exist (listing near matches); a target
     *         with a single class, more than {@code maxClasses} classes, or (regression) non-numeric
     *         values; no feature column left after dropping all-missing, constant and ID-like columns;
     *         fewer rows than folds
     */
    public static TrainResult train(TrainSpec spec) {
        long start = System.nanoTime();
        Map<String, Long> timings = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Learner<?> learner = Learners.get(spec.algorithm());
        LearnerParams params = learner.parse(spec.hyperparameters());
        params.validate();

        Frame frame = spec.frame() != null ? spec.frame() : read(spec.source(), spec.columnKinds(), spec.target());
        if (spec.frame() != null && !spec.columnKinds().isEmpty()) {
            frame = frame.withKinds(spec.columnKinds());
        }
        timings.put("load", millisSince(start));
        String target = spec.target();
        if (!frame.has(target)) {
            throw new InvalidParameterException("target column '" + target + "' is not in the data" + Frame.nearHint(target,
                    frame.names()) + " Columns: " + preview(frame.names()), "target_column_name");
        }
        if (spec.groupColumn() != null && !frame.has(spec.groupColumn())) {
            throw new InvalidParameterException("group column '" + spec.groupColumn() + "' is not in the data"
                    + Frame.nearHint(spec.groupColumn(), frame.names()), "group_column_name");
        }
        // Rows without a target teach nothing and cannot be scored.
        FrameColumn tcol = frame.column(target);
        int missingTargets = tcol.missingCount();
        if (missingTargets > 0) {
            int[] keep = new int[frame.rowCount() - missingTargets];
            for (int i = 0, j = 0; i < frame.rowCount(); i++) {
                if (!tcol.isMissing(i)) {
                    keep[j++] = i;
                }
            }
            if (keep.length == 0) {
                throw new InvalidParameterException("target column '" + target + "' is missing in every row", "target_column_name");
            }
            warnings.add(missingTargets + " rows with a missing target '" + target + "' were dropped");
            frame = frame.take(keep);
            tcol = frame.column(target);
        }
        EncodedTarget ti = target(tcol, spec.task(), spec.maxClasses());
        Task task = ti.task();
        int k = task.isClassification() ? ti.classes().size() : 0;

        List<String> featureNames;
        if (spec.featureColumns() != null) {
            for (String c : spec.featureColumns()) {
                if (!frame.has(c)) {
                    throw new InvalidParameterException("feature column '" + c + "' is not in the data" + Frame.nearHint(c,
                            frame.names()), "feature_columns");
                }
            }
            featureNames = spec.featureColumns().stream().filter(c -> !c.equals(target)).toList();
        } else {
            featureNames = frame.names().stream().filter(c -> !c.equals(target) && !c.equals(spec.groupColumn())).toList();
        }
        if (featureNames.isEmpty()) {
            throw new InvalidParameterException("there is no feature column besides the target '" + target + "'", "features");
        }
        Frame features = frame.select(featureNames);
        double[] y = ti.y();
        Object[] groups = spec.groupColumn() == null ? null : values(frame.column(spec.groupColumn()));

        // Validation hold-out.
        int[] trainRows = range(frame.rowCount());
        int[] validRows = null;
        if (spec.validationFraction() > 0) {
            Fold f = Splits.trainValidation(frame.rowCount(), spec.validationFraction(), task.isClassification() ? ints(y) : null,
                    spec.seed());
            trainRows = f.train();
            validRows = f.test();
        }
        Frame trainX = features.take(trainRows);
        double[] trainY = pick(y, trainRows);
        Object[] trainGroups = groups == null ? null : pick(groups, trainRows);
        int threads = spec.threads() > 0 ? spec.threads() : autoThreads(trainRows.length, featureNames.size());
        int patience = earlyStoppingRounds(params);

        // Cross-validation.
        long cvStart = System.nanoTime();
        List<Map<String, Double>> foldMetrics = new ArrayList<>();
        TrainResult.OutOfFold oof = null;
        List<Integer> bestIterations = new ArrayList<>();
        if (spec.cvFolds() > 0) {
            List<Fold> folds = trainGroups != null ? Splits.groupKFold(trainGroups, spec.cvFolds(), spec.seed())
                    : task.isClassification() ? Splits.stratifiedKFold(ints(trainY), spec.cvFolds(), spec.seed())
                    : Splits.kFold(trainRows.length, spec.cvFolds(), spec.seed());
            int width = task.isClassification() ? k : 1;
            double[] oofValues = new double[trainRows.length * width];
            int[] oofFold = new int[trainRows.length];
            for (int fi = 0; fi < folds.size(); fi++) {
                Fold fold = folds.get(fi);
                double[] yTr = pick(trainY, fold.train());
                double[] yTe = pick(trainY, fold.test());
                Featurizer.Fitted fz = Featurizer.fit(trainX.take(fold.train()), yTr, k, learner.featurizerConfig(task),
                        spec.seed());
                FeatureMatrix teX = fz.featurizer().transform(trainX.take(fold.test()));
                FitContext ctx = new FitContext(spec.seed(), threads, null, null);
                if (patience > 0) {
                    ctx = ctx.withValidation(teX, yTe);
                }
                double[] pred;
                try (Predictor p = fit(learner, fz.matrix(), yTr, task, k, params, ctx)) {
                    pred = p.predict(teX);
                    Object best = p.trainingInfo().get("best_iteration");
                    if (best instanceof Integer b) {
                        bestIterations.add(b);
                    }
                }
                foldMetrics.add(Metrics.compute(task, yTe, pred, k));
                for (int i = 0; i < fold.test().length; i++) {
                    int r = fold.test()[i];
                    System.arraycopy(pred, i * width, oofValues, r * width, width);
                    oofFold[r] = fi;
                }
            }
            oof = new TrainResult.OutOfFold(range(trainRows.length), width, oofValues, trainY, oofFold);
        }
        timings.put("cross_validation", millisSince(cvStart));

        // Refit on all training rows.
        long refitStart = System.nanoTime();
        Featurizer.Fitted fz = Featurizer.fit(trainX, trainY, k, learner.featurizerConfig(task), spec.seed());
        warnings.addAll(fz.featurizer().warnings());
        FeatureMatrix validX = validRows == null ? null : fz.featurizer().transform(features.take(validRows));
        double[] validY = validRows == null ? null : pick(y, validRows);
        LearnerParams refitParams = params;
        FitContext ctx = new FitContext(spec.seed(), threads, null, null);
        if (patience > 0) {
            if (!bestIterations.isEmpty()) {
                int rounds = (int) Math.max(1, Math.round(bestIterations.stream().mapToInt(Integer::intValue).average().orElse(1)));
                Map<String, Object> m = new LinkedHashMap<>(params.toMap());
                m.put("n_estimators", rounds);
                m.put("early_stopping_rounds", 0);
                m.values().removeIf(v -> v == null);
                refitParams = learner.parse(m);
            } else if (validX != null) {
                ctx = ctx.withValidation(validX, validY);
            }
            // Otherwise a learner that can holds out a share of the training rows to watch (LightGBM's validation_fraction).
        }
        Predictor predictor = fit(learner, fz.matrix(), trainY, task, k, refitParams, ctx);
        if (patience > 0 && bestIterations.isEmpty() && !predictor.trainingInfo().containsKey("best_iteration")) {
            warnings.add("early_stopping_rounds was ignored: there is no cross-validation or validation data to watch");
        }
        timings.put("refit", millisSince(refitStart));

        Map<String, Double> validationMetrics = new LinkedHashMap<>();
        long validStart = System.nanoTime();
        if (validX != null) {
            validationMetrics = Metrics.compute(task, validY, predictor.predict(validX), k);
        }
        timings.put("validation", millisSince(validStart));

        // What the fit used, defaults chosen from the data included.
        Map<String, Object> provParams = resolve(learner, refitParams, trainRows.length, task).toMap();
        CeruleanModel model = new CeruleanModel(fz.featurizer(), predictor, target, ti.classes(), ti.numericLabels(),
                Provenances.learner(learner.name(), provParams, learner.featurizerConfig(task).toMap(), spec.seed(), threads,
                        spec.datasetHash(), trainRows.length, target, predictor.trainingInfo()).build());
        Featurizer featurizer = fz.featurizer();
        TrainResult.Importance importance = new TrainResult.Importance(() -> {
            Map<String, Double> byFeature = new LinkedHashMap<>();
            Map<String, Double> byColumn = new LinkedHashMap<>();
            importance(featurizer, predictor.featureImportance(), byFeature, byColumn);
            @SuppressWarnings("unchecked")
            Map<String, Double>[] both = new Map[] {byFeature, byColumn};
            return both;
        });
        timings.put("total", millisSince(start));
        return new TrainResult(model, task, ti.classes(), Metrics.mean(foldMetrics), foldMetrics, validationMetrics, oof,
                importance, timings, warnings, trainRows.length);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static LearnerParams resolve(Learner learner, LearnerParams p, int rows, Task task) {
        return learner.resolve(p, rows, task);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Predictor fit(Learner learner, FeatureMatrix x, double[] y, Task task, int k, LearnerParams p, FitContext ctx) {
        return learner.fit(x, y, task, k, p, ctx);
    }

    /**
     * One thread below a million cells (rows × input columns), else all cores up to 8. Measured here:
     * LightGBM on 300 × 5 rows takes 45 ms with one thread and 0.1–4 s with two on a loaded 2-core
     * machine, because OpenMP's spinning barriers stall when a thread is descheduled.
     */
    public static int autoThreads(long rows, long columns) {
        return rows * columns < 1_000_000 ? 1 : FitContext.defaultThreads();
    }

    private static int earlyStoppingRounds(LearnerParams p) {
        Object v = p.toMap().get("early_stopping_rounds");
        return v instanceof Integer i ? i : 0;
    }

    private static void importance(Featurizer f, double[] imp, Map<String, Double> byFeature, Map<String, Double> byColumn) {
        if (imp.length == 0) {
            return;
        }
        List<String> names = f.featureNames();
        Map<String, Double> feat = new HashMap<>();
        Map<String, Double> col = new HashMap<>();
        int j = 0;
        for (ColumnEncoder e : f.encoders()) {
            for (String out : e.outputs()) {
                feat.put(names.get(j), imp[j]);
                col.merge(e.column(), imp[j], Double::sum);
                j++;
            }
        }
        feat.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> byFeature.put(e.getKey(), e.getValue()));
        col.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> byColumn.put(e.getKey(), e.getValue()));
    }

    /**
     * Reads a training table as {@link #train} does: {@code kinds} forced, and the target's labels kept as
     * the file spells them ({@code YES/NO}, {@code True/False}), so the model's classes are the user's.
     *
     * @param kinds  column kinds to force; may be empty
     * @param target the target column
     * @throws InvalidParameterException when DuckDB cannot read the data, naming the source
     */
    public static Frame read(TableSource source, Map<String, ColumnKind> kinds, String target) {
        return FrameReader.read(source, new FrameReader.Options(kinds, null, 0).withLabels(Set.of(target)));
    }

    /**
     * A target column encoded for learning.
     *
     * @param task          the task (binary or multiclass for classification)
     * @param y             per row: the class index into {@code classes}, or the value (regression)
     * @param classes       class labels, sorted (numerically for numeric labels), or empty for regression
     * @param numericLabels whether the labels were integers in the data
     */
    public record EncodedTarget(Task task, double[] y, List<String> classes, boolean numericLabels) {
    }

    /**
     * Encodes a target column as {@link #train} does: infers the task when {@code requested} is null, maps
     * class labels to indices in sorted label order, and checks the target fits the task. The column must
     * have no missing value (drop those rows first).
     *
     * @param requested  the task, or null to infer it
     * @param maxClasses refuse classification with more classes than this
     * @throws InvalidParameterException (field {@code target_column_name}) for a single class, too many
     *                                   classes, a non-numeric regression target or a datetime class label
     */
    public static EncodedTarget encodeTarget(FrameColumn t, Task requested, int maxClasses) {
        return target(t, requested, maxClasses);
    }

    /**
     * The class label a numeric or other value has in {@link EncodedTarget#classes()} (for mapping
     * validation or test targets to class indices).
     */
    public static String labelOf(FrameColumn t, int row) {
        return label(t, row);
    }

    private static EncodedTarget target(FrameColumn t, Task requested, int maxClasses) {
        String name = t.name();
        int n = t.size();
        Task task = requested;
        if (task == null) {
            task = inferTask(t);
        }
        if (task == Task.REGRESSION) {
            if (!(t instanceof NumericColumn num)) {
                Object example = firstValue(t);
                throw new InvalidParameterException("regression target '" + name + "' is not numeric: it holds "
                        + t.kind().wireName() + " values such as '" + example + "'; use task classification, or fix the column",
                        "target_column_name");
            }
            return new EncodedTarget(task, num.values().clone(), List.of(), false);
        }
        if (t.kind() == ColumnKind.DATETIME) {
            throw new InvalidParameterException("classification target '" + name + "' holds datetimes", "target_column_name");
        }
        boolean numeric = t instanceof NumericColumn;
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            labels[i] = label(t, i);
        }
        List<String> classes;
        if (numeric) {
            double[] v = ((NumericColumn) t).values();
            TreeSet<Double> distinct = new TreeSet<>();
            for (double d : v) {
                distinct.add(d);
            }
            classes = new ArrayList<>();
            for (double d : distinct) {
                classes.add(labelOf(d));
            }
        } else {
            classes = new ArrayList<>(new TreeSet<>(Arrays.asList(labels)));
        }
        if (classes.size() < 2) {
            throw new InvalidParameterException("target column '" + name + "' has a single class '" + classes.get(0)
                    + "'; classification needs at least two", "target_column_name");
        }
        if (classes.size() > maxClasses) {
            throw new InvalidParameterException("classification target '" + name + "' has " + classes.size()
                    + " classes, more than max_classes (" + maxClasses + "); is it a regression target?", "target_column_name");
        }
        Map<String, Integer> index = new HashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = index.get(labels[i]);
        }
        boolean integral = numeric && ((NumericColumn) t).integral();
        if (numeric && !integral) {
            integral = Arrays.stream(((NumericColumn) t).values()).allMatch(d -> d == Math.rint(d));
        }
        return new EncodedTarget(classes.size() == 2 ? Task.BINARY : Task.MULTICLASS, y, classes, integral);
    }

    private static Task inferTask(FrameColumn t) {
        if (!(t instanceof NumericColumn num)) {
            return Task.MULTICLASS;
        }
        Set<Double> distinct = new HashSet<>();
        for (double d : num.values()) {
            if (d != Math.rint(d)) {
                return Task.REGRESSION;
            }
            distinct.add(d);
        }
        int limit = Math.min(20, Math.max(2, num.size() / 20));
        return distinct.size() <= limit ? Task.MULTICLASS : Task.REGRESSION;
    }

    private static String label(FrameColumn t, int row) {
        if (t instanceof NumericColumn num) {
            return labelOf(num.value(row));
        }
        if (t instanceof BooleanColumn b) {
            return b.get(row).toString();
        }
        return t.get(row).toString();
    }

    private static String labelOf(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static Object firstValue(FrameColumn c) {
        for (int i = 0; i < c.size(); i++) {
            if (!c.isMissing(i)) {
                return c.get(i);
            }
        }
        return null;
    }

    private static Object[] values(FrameColumn c) {
        Object[] v = new Object[c.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = c.get(i);
        }
        return v;
    }

    private static String preview(List<String> names) {
        return names.size() <= 30 ? String.join(", ", names) : String.join(", ", names.subList(0, 30)) + ", ...";
    }

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    private static int[] ints(double[] y) {
        int[] r = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = (int) y[i];
        }
        return r;
    }

    private static double[] pick(double[] v, int[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }

    private static Object[] pick(Object[] v, int[] rows) {
        Object[] out = new Object[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = v[rows[i]];
        }
        return out;
    }

    private static long millisSince(long nanoStart) {
        return (System.nanoTime() - nanoStart) / 1_000_000;
    }
}
