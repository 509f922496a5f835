package dev.cerulean.ml.learn;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The learner registry: canonical names and Azure ML's algorithm names as aliases. Lookup ignores case
 * and punctuation, so {@code XGBoostClassifier}, {@code xg_boost_classifier} and
 * {@code xgboost_classifier} are the same name.
 */
public final class Learners {
    private static final Map<String, Learner<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    /**
     * Azure ML's name of a learner (as its AutoML algorithm enum spells it), for one task or for any.
     *
     * @param task the task the name is for, or null for every task
     */
    private record AzureName(String azure, String learner, Task task) {
    }

    /** The one table of Azure ML's names of Cerulean's learners. */
    private static final List<AzureName> AZURE = List.of(new AzureName("LightGBM", "lightgbm", null),
            new AzureName("XGBoostClassifier", "xgboost", Task.BINARY), new AzureName("XGBoostRegressor", "xgboost", Task.REGRESSION),
            new AzureName("RandomForest", "random_forest", null), new AzureName("ExtremeRandomTrees", "extra_trees", null),
            new AzureName("LogisticRegression", "elastic_net", Task.BINARY), new AzureName("ElasticNet", "elastic_net", Task.REGRESSION),
            new AzureName("KNN", "knn", null));

    static {
        for (Learner<?> l : List.of(LightGbmLearner.GBDT, XgboostLearner.INSTANCE, LightGbmLearner.RANDOM_FOREST,
                LightGbmLearner.EXTRA_TREES, ElasticNetLearner.INSTANCE, KnnLearner.INSTANCE)) {
            BY_NAME.put(l.name(), l);
        }
        for (AzureName a : AZURE) {
            alias(a.learner(), a.azure());
        }
        // Other spellings people use: scikit-learn's class names, snake case, short forms.
        alias("lightgbm", "LightGBMClassifier", "LightGBMRegressor", "light_gbm", "lgbm");
        alias("xgboost", "xg_boost_classifier", "xg_boost_regressor", "xgb");
        alias("random_forest", "RandomForestClassifier", "RandomForestRegressor", "rf");
        alias("extra_trees", "extreme_random_trees", "ExtraTreesClassifier", "ExtraTreesRegressor");
        alias("elastic_net", "logistic_regression", "LinearRegression", "linear_regression", "glm");
        alias("knn", "k_nearest_neighbors", "KNeighborsClassifier", "KNeighborsRegressor");
    }

    /**
     * The learner Azure ML's algorithm name stands for ({@code XGBoostRegressor} is {@code xgboost}),
     * matching case and punctuation loosely; empty for a name that is no learner's.
     */
    public static Optional<String> fromAzureName(String azure) {
        String k = key(azure == null ? "" : azure);
        return AZURE.stream().filter(a -> key(a.azure()).equals(k)).map(AzureName::learner).findFirst();
    }

    /** Azure ML's name of a learner for a task ({@code elastic_net} is {@code LogisticRegression} for classification). */
    public static Optional<String> azureName(String learner, Task task) {
        boolean regression = task == Task.REGRESSION;
        return AZURE.stream().filter(a -> a.learner().equals(learner))
                .filter(a -> a.task() == null || (a.task() == Task.REGRESSION) == regression).map(AzureName::azure).findFirst();
    }

    private Learners() {
    }

    private static void alias(String canonical, String... names) {
        ALIASES.put(key(canonical), canonical);
        for (String n : names) {
            ALIASES.put(key(n), canonical);
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Canonical names, in registry order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** Every name to suggest: the canonical ones, then Azure ML's. */
    public static List<String> allNames() {
        List<String> all = new ArrayList<>(BY_NAME.keySet());
        AZURE.forEach(a -> all.add(a.azure()));
        return all;
    }

    /** The canonical name for a name or alias. */
    public static String canonical(String nameOrAlias) {
        return get(nameOrAlias).name();
    }

    /**
     * The learner for a canonical name or an alias.
     *
     * @throws InvalidParameterException naming the algorithm, suggesting the nearest, and listing the valid ones
     */
    public static Learner<?> get(String nameOrAlias) {
        if (nameOrAlias == null || nameOrAlias.isBlank()) {
            throw new InvalidParameterException("an algorithm is required; expected one of " + String.join(", ", names()),
                    "algorithm");
        }
        String canonical = ALIASES.get(key(nameOrAlias));
        if (canonical == null) {
            String near = Suggest.nearest(nameOrAlias, allNames());
            throw new InvalidParameterException("unknown algorithm '" + nameOrAlias + "'"
                    + (near == null ? "" : "; did you mean '" + near + "'?") + " Expected one of "
                    + String.join(", ", allNames()), "algorithm");
        }
        return BY_NAME.get(canonical);
    }
}
