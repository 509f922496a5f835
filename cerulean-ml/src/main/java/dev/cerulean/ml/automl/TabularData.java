package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.train.Training;
import dev.cerulean.ml.validation.Fold;
import dev.cerulean.ml.validation.Splits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data of a classification or regression run, ready for trials: features and encoded target of the
 * training rows (with explicit validation rows appended), the resampling (folds, or one hold-out split), the
 * rows whose out-of-fold predictions score every model, and the test rows.
 */
final class TabularData {
    /** Fewer training rows than this cannot support AutoML. */
    static final int MIN_ROWS = 10;

    final Frame features;
    final double[] y;
    final Task task;
    final int k;
    final List<String> classes;
    final boolean numericLabels;
    final String target;
    final List<Fold> folds;
    final boolean crossValidation;
    final boolean autoValidation;
    final String validationDescription;
    /** Rows scored out of fold, ascending. */
    final int[] evalRows;
    /** Position of each row in {@link #evalRows}, or -1. */
    final int[] evalPos;
    final double[] evalY;
    /** Training rows before validation rows were appended. */
    final int trainingRows;
    final Frame testFeatures;
    final double[] testY;

    private TabularData(Frame features, double[] y, Training.EncodedTarget t, String target, List<Fold> folds, boolean cv,
            boolean auto, String description, int trainingRows, Frame testFeatures, double[] testY) {
        this.features = features;
        this.y = y;
        this.task = t.task();
        this.k = task.isClassification() ? t.classes().size() : 0;
        this.classes = t.classes();
        this.numericLabels = t.numericLabels();
        this.target = target;
        this.folds = folds;
        this.crossValidation = cv;
        this.autoValidation = auto;
        this.validationDescription = description;
        this.trainingRows = trainingRows;
        this.testFeatures = testFeatures;
        this.testY = testY;
        boolean[] isEval = new boolean[y.length];
        for (Fold f : folds) {
            for (int r : f.test()) {
                isEval[r] = true;
            }
        }
        int m = 0;
        for (boolean b : isEval) {
            m += b ? 1 : 0;
        }
        evalRows = new int[m];
        evalPos = new int[y.length];
        Arrays.fill(evalPos, -1);
        for (int i = 0, j = 0; i < y.length; i++) {
            if (isEval[i]) {
                evalPos[i] = j;
                evalRows[j++] = i;
            }
        }
        evalY = new double[m];
        for (int j = 0; j < m; j++) {
            evalY[j] = y[evalRows[j]];
        }
    }

    /** Rows of the training part. */
    int rows() {
        return y.length;
    }

    /**
     * Loads and checks the data of a spec.
     *
     * @throws InvalidParameterException naming the field for a missing target, a target with no value, too few
     *                                   rows, a single class, a column purpose for an absent column, a non-numeric
     *                                   column with featurization off, ...
     */
    static TabularData prepare(AutoMlSpec spec, List<String> warnings) {
        Map<String, ColumnKind> kinds = Frames.purposes(spec.featurization().columnTypes());
        Frame raw = Frames.load(spec, spec.trainingData(), spec.trainingSource());
        String target = spec.target();
        if (!raw.has(target)) {
            throw new InvalidParameterException("target column '" + target + "' is not in the training data"
                    + Frame.nearHint(target, raw.names()) + " Columns: " + String.join(", ", raw.names().subList(0,
                    Math.min(30, raw.names().size()))), "target_column_name");
        }
        raw = applyPurposes(raw, spec, kinds);
        Frame test = null;
        if (spec.testDataSize() != null) {
            Fold split = Splits.trainValidation(raw.rowCount(), spec.testDataSize(), null, spec.seed() + 7919);
            test = raw.take(split.test());
            raw = raw.take(split.train());
        }
        raw = dropMissingTarget(raw, target, "training_data", warnings);
        if (raw.rowCount() < MIN_ROWS) {
            throw new InvalidParameterException("training_data has " + raw.rowCount() + " rows with a target; AutoML needs at least "
                    + MIN_ROWS, "training_data");
        }
        Task requested = spec.task() == AutoMlTask.REGRESSION ? Task.REGRESSION : Task.MULTICLASS;
        Training.EncodedTarget t = Training.encodeTarget(raw.column(target), requested, 1000);
        Frame features = raw.drop(List.of(target));
        if (features.columnCount() == 0) {
            throw new InvalidParameterException("the training data has no feature column besides the target '" + target + "'",
                    "training_data");
        }
        if (spec.featurization().mode() == FeaturizationSettings.Mode.OFF) {
            for (FrameColumn c : features.columns()) {
                if (c.kind() != ColumnKind.NUMERIC && c.kind() != ColumnKind.BOOLEAN) {
                    throw new InvalidParameterException("featurization.mode is off, but column '" + c.name() + "' is "
                            + c.kind().wireName() + "; with featurization off every feature must be numeric or boolean",
                            "featurization.mode");
                }
            }
        }
        int n = features.rowCount();
        double[] y = t.y();

        Frame validation = Frames.load(spec, spec.validationData(), spec.validationSource());
        List<Fold> folds;
        boolean cv;
        boolean auto = false;
        String description;
        if (validation != null) {
            validation = applyPurposes(validation, spec, kinds);
            validation = dropMissingTarget(validation, target, "validation_data", warnings);
            double[] vy = encode(validation.column(target), t, "validation_data", warnings);
            int[] keep = keptRows(vy);
            Frame vf = Frames.conform(validation.take(keep), features, "validation_data");
            if (vf.rowCount() == 0) {
                throw new InvalidParameterException("validation_data has no row with a usable target", "validation_data");
            }
            double[] vyk = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                vyk[i] = vy[keep[i]];
            }
            features = Frames.append(features, vf);
            double[] all = new double[n + keep.length];
            System.arraycopy(y, 0, all, 0, n);
            System.arraycopy(vyk, 0, all, n, keep.length);
            y = all;
            int[] tr = range(0, n);
            int[] te = range(n, n + keep.length);
            folds = List.of(new Fold(tr, te));
            cv = false;
            description = "the validation data given (" + keep.length + " rows) scores every model; training uses the "
                    + n + " training rows";
        } else if (spec.validationDataSize() != null) {
            Fold f = Splits.trainValidation(n, spec.validationDataSize(), ints(y, t.task()), spec.seed());
            folds = List.of(f);
            cv = false;
            description = String.format(Locale.ROOT, "%.0f%% of the training rows (%d) are held out to score every model%s",
                    100 * spec.validationDataSize(), f.test().length, t.task().isClassification() ? ", stratified by class" : "");
        } else if (spec.nCrossValidations() != null) {
            folds = kfold(n, spec.nCrossValidations(), y, t.task(), spec.seed());
            cv = true;
            description = spec.nCrossValidations() + "-fold cross-validation" + (t.task().isClassification() ? " (stratified)" : "")
                    + "; each model is scored on its out-of-fold predictions";
        } else {
            auto = true;
            long cells = (long) n * features.columnCount();
            if (n > 100_000 || cells > 3_000_000) {
                double fraction = Math.min(0.2, 50_000.0 / n);
                Fold f = Splits.trainValidation(n, fraction, ints(y, t.task()), spec.seed());
                folds = List.of(f);
                cv = false;
                description = String.format(Locale.ROOT, "the data are large (%d rows, %d cells), so %.1f%% of the rows (%d) are"
                        + " held out to score every model (validation was auto)", n, cells, 100 * fraction, f.test().length);
            } else {
                int k = n > 30_000 ? 3 : 5;
                folds = kfold(n, Math.min(k, n), y, t.task(), spec.seed());
                cv = true;
                description = k + "-fold cross-validation" + (t.task().isClassification() ? " (stratified)" : "") + " over the "
                        + n + " training rows (validation was auto: " + (k == 3 ? "3 folds above 30,000 rows" : "5 folds up to"
                        + " 30,000 rows") + "); each model is scored on its out-of-fold predictions and predicts with the"
                        + " average of its fold models";
            }
        }

        Frame testRaw = test != null ? test : Frames.load(spec, spec.testData(), spec.testSource());
        Frame testFeatures = null;
        double[] testY = null;
        if (testRaw != null) {
            if (test == null) {
                testRaw = applyPurposes(testRaw, spec, kinds);
            }
            testRaw = dropMissingTarget(testRaw, target, "test_data", warnings);
            double[] ty = encode(testRaw.column(target), t, "test_data", warnings);
            int[] keep = keptRows(ty);
            testFeatures = Frames.conform(testRaw.take(keep), features, "test_data");
            testY = new double[keep.length];
            for (int i = 0; i < keep.length; i++) {
                testY[i] = ty[keep[i]];
            }
        }
        return new TabularData(features, y, t, target, folds, cv, auto, description, n, testFeatures, testY);
    }

    private static Frame applyPurposes(Frame f, AutoMlSpec spec, Map<String, ColumnKind> kinds) {
        List<String> ignore = new ArrayList<>();
        Map<String, ColumnKind> convert = new HashMap<>();
        for (Map.Entry<String, String> e : spec.featurization().columnTypes().entrySet()) {
            String c = e.getKey();
            if (!f.has(c)) {
                throw new InvalidParameterException("featurization.column_name_and_types names column '" + c
                        + "', which is not in the data" + Frame.nearHint(c, f.names()), "featurization.column_name_and_types." + c);
            }
            if (c.equals(spec.target())) {
                continue;
            }
            if (e.getValue().equals("Ignore")) {
                ignore.add(c);
            } else if (f.column(c).kind() != kinds.get(c)) {
                convert.put(c, kinds.get(c));
            }
        }
        Frame out = convert.isEmpty() ? f : f.withKinds(convert);
        return ignore.isEmpty() ? out : out.drop(ignore);
    }

    private static Frame dropMissingTarget(Frame f, String target, String field, List<String> warnings) {
        if (!f.has(target)) {
            throw new InvalidParameterException(field + " has no target column '" + target + "'" + Frame.nearHint(target, f.names()),
                    field);
        }
        FrameColumn t = f.column(target);
        int missing = t.missingCount();
        if (missing == 0) {
            return f;
        }
        if (missing == t.size()) {
            throw new InvalidParameterException("target column '" + target + "' is missing in every row of " + field,
                    "target_column_name");
        }
        warnings.add(missing + " rows of " + field + " with a missing target '" + target + "' were dropped");
        return f.take(Frames.presentRows(t));
    }

    /** Targets of other data mapped to the training classes; an unknown class is NaN (dropped, with a warning). */
    private static double[] encode(FrameColumn c, Training.EncodedTarget t, String field, List<String> warnings) {
        double[] out = new double[c.size()];
        if (t.task() == Task.REGRESSION) {
            for (int i = 0; i < out.length; i++) {
                Object v = c.get(i);
                if (!(v instanceof Number num)) {
                    throw new InvalidParameterException(field + ": regression target '" + c.name() + "' row " + i + " is not a number: '"
                            + v + "'", field);
                }
                out[i] = num.doubleValue();
            }
            return out;
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < t.classes().size(); i++) {
            index.put(t.classes().get(i), i);
        }
        int unknown = 0;
        String example = null;
        for (int i = 0; i < out.length; i++) {
            String label = Training.labelOf(c, i);
            Integer k = index.get(label);
            if (k == null) {
                unknown++;
                example = label;
                out[i] = Double.NaN;
            } else {
                out[i] = k;
            }
        }
        if (unknown > 0) {
            warnings.add(unknown + " rows of " + field + " have a class the training data lack (such as '" + example
                    + "') and were left out");
        }
        return out;
    }

    private static int[] keptRows(double[] y) {
        int m = 0;
        for (double v : y) {
            m += Double.isNaN(v) ? 0 : 1;
        }
        int[] keep = new int[m];
        for (int i = 0, j = 0; i < y.length; i++) {
            if (!Double.isNaN(y[i])) {
                keep[j++] = i;
            }
        }
        return keep;
    }

    private static List<Fold> kfold(int n, int k, double[] y, Task task, long seed) {
        if (k > n) {
            throw new InvalidParameterException("n_cross_validations is " + k + " but there are only " + n + " training rows",
                    "n_cross_validations");
        }
        return task.isClassification() ? Splits.stratifiedKFold(ints(y, task), k, seed) : Splits.kFold(n, k, seed);
    }

    private static int[] ints(double[] y, Task task) {
        if (!task.isClassification()) {
            return null;
        }
        int[] r = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = (int) y[i];
        }
        return r;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
