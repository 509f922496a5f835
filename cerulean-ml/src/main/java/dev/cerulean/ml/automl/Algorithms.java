package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Suggest;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Azure ML's AutoML algorithm names and what Cerulean runs for each. Names match ignoring case and
 * punctuation, so {@code XGBoostClassifier} and {@code xg_boost_classifier} are one name.
 */
public final class Algorithms {
    /** Azure ML's classification algorithms, as its enum spells them. */
    public static final List<String> CLASSIFICATION = List.of("LogisticRegression", "SGD", "MultinomialNaiveBayes",
            "BernoulliNaiveBayes", "SVM", "LinearSVM", "KNN", "DecisionTree", "RandomForest", "ExtremeRandomTrees", "LightGBM",
            "GradientBoosting", "XGBoostClassifier");
    /** Azure ML's regression algorithms. */
    public static final List<String> REGRESSION = List.of("ElasticNet", "GradientBoosting", "DecisionTree", "KNN", "LassoLars",
            "SGD", "RandomForest", "ExtremeRandomTrees", "LightGBM", "XGBoostRegressor");
    /** Azure ML's forecasting algorithms (besides the regression ones, which forecast on lag features). */
    public static final List<String> FORECASTING = List.of("AutoArima", "Prophet", "Naive", "SeasonalNaive", "Average",
            "SeasonalAverage", "ExponentialSmoothing", "Arimax", "TCNForecaster");

    /** Azure name to Cerulean's learner (from {@link Learners}' table) or forecasting model. */
    private static final Map<String, String> RUNS = new LinkedHashMap<>();
    /** Azure names Cerulean does not implement, with what to use instead. */
    private static final Map<String, String> MISSING = new LinkedHashMap<>();

    static {
        for (List<String> names : List.of(CLASSIFICATION, REGRESSION)) {
            for (String n : names) {
                Learners.fromAzureName(n).ifPresent(l -> RUNS.put(n, l));
            }
        }
        RUNS.put("Naive", "naive");
        RUNS.put("SeasonalNaive", "seasonal_naive");
        RUNS.put("Average", "average");
        RUNS.put("SeasonalAverage", "seasonal_average");
        RUNS.put("ExponentialSmoothing", "exponential_smoothing");
        MISSING.put("SGD", "LogisticRegression or ElasticNet");
        MISSING.put("MultinomialNaiveBayes", "LogisticRegression");
        MISSING.put("BernoulliNaiveBayes", "LogisticRegression");
        MISSING.put("SVM", "LogisticRegression or KNN");
        MISSING.put("LinearSVM", "LogisticRegression");
        MISSING.put("DecisionTree", "RandomForest or ExtremeRandomTrees");
        MISSING.put("GradientBoosting", "LightGBM or XGBoost");
        MISSING.put("LassoLars", "ElasticNet");
        MISSING.put("AutoArima", "ExponentialSmoothing");
        MISSING.put("Prophet", "ExponentialSmoothing or LightGBM");
        MISSING.put("Arimax", "ExponentialSmoothing or LightGBM");
        MISSING.put("TCNForecaster", "LightGBM");
    }

    private Algorithms() {
    }

    /**
     * The learners (or forecasting models) to try.
     *
     * @param task     the task
     * @param binary   for classification: whether the target is binary (unused otherwise)
     * @param allowed  Azure names; empty for every one Cerulean has
     * @param blocked  Azure names never to try
     * @param warnings where skipped names are reported
     * @return Cerulean names in Azure's order, without duplicates
     * @throws InvalidParameterException naming {@code training.allowed_training_algorithms} or
     *                                   {@code training.blocked_training_algorithms} for an unknown name, a name of
     *                                   another task, or when nothing is left to try
     */
    public static List<String> resolve(AutoMlTask task, List<String> allowed, List<String> blocked, List<String> warnings) {
        List<String> names = names(task);
        Set<String> block = new LinkedHashSet<>();
        for (String b : blocked) {
            block.add(canonical(task, b, names, "training.blocked_training_algorithms"));
        }
        List<String> wanted = new ArrayList<>();
        if (allowed.isEmpty()) {
            wanted.addAll(names);
        } else {
            for (String a : allowed) {
                wanted.add(canonical(task, a, names, "training.allowed_training_algorithms"));
            }
        }
        Set<String> out = new LinkedHashSet<>();
        for (String w : wanted) {
            if (block.contains(w)) {
                continue;
            }
            String runs = RUNS.get(w);
            if (runs == null) {
                if (!allowed.isEmpty()) {
                    warnings.add("algorithm " + w + " is not available in Cerulean and was skipped (use " + MISSING.get(w) + ")");
                }
                continue;
            }
            out.add(runs);
        }
        if (out.isEmpty()) {
            throw new InvalidParameterException("no algorithm is left to try: " + (allowed.isEmpty() ? "every one is blocked"
                    : "of " + allowed + ", Cerulean implements none that is not blocked") + "; Cerulean runs "
                    + String.join(", ", names.stream().filter(RUNS::containsKey).toList()), allowed.isEmpty()
                    ? "training.blocked_training_algorithms" : "training.allowed_training_algorithms");
        }
        return new ArrayList<>(out);
    }

    /** The Azure names of a task (forecasting: its models and the regression learners). */
    static List<String> names(AutoMlTask task) {
        if (task == AutoMlTask.CLASSIFICATION) {
            return CLASSIFICATION;
        }
        if (task == AutoMlTask.REGRESSION) {
            return REGRESSION;
        }
        List<String> all = new ArrayList<>(FORECASTING);
        all.addAll(REGRESSION);
        return all;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static String canonical(AutoMlTask task, String given, List<String> names, String field) {
        String k = key(given == null ? "" : given);
        for (String n : names) {
            if (key(n).equals(k)) {
                return n;
            }
        }
        // Cerulean's own learner names are accepted too.
        for (Map.Entry<String, String> e : RUNS.entrySet()) {
            if (key(e.getValue()).equals(k) && names.contains(e.getKey())) {
                return e.getKey();
            }
        }
        List<String> others = new ArrayList<>();
        for (AutoMlTask t : AutoMlTask.values()) {
            if (t != task) {
                others.addAll(names(t));
            }
        }
        for (String n : others) {
            if (key(n).equals(k)) {
                throw new InvalidParameterException(field + ": '" + given + "' is not a " + task.wireName() + " algorithm; "
                        + task.wireName() + " algorithms are " + String.join(", ", names), field);
            }
        }
        String near = Suggest.nearest(given == null ? "" : given, names);
        throw new InvalidParameterException(field + ": unknown algorithm '" + given + "'" + (near == null ? ""
                : "; did you mean '" + near + "'?") + " Expected one of " + String.join(", ", names), field);
    }

    /** Azure ML's display name of a Cerulean learner for a task. */
    public static String displayName(String learner, Task task) {
        return Learners.azureName(learner, task).orElseGet(() -> RUNS.entrySet().stream().filter(e -> e.getValue().equals(learner))
                .map(Map.Entry::getKey).findFirst().orElse(learner));
    }
}
