package dev.cerulean.ml.learn;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Suggest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learner registry: canonical names and Azure ML's algorithm names as aliases. Lookup ignores case
 * and punctuation, so {@code XGBoostClassifier}, {@code xg_boost_classifier} and
 * {@code xgboost_classifier} are the same name.
 */
public final class Learners {
    private static final Map<String, Learner<?>> BY_NAME = new LinkedHashMap<>();
    private static final Map<String, String> ALIASES = new LinkedHashMap<>();

    static {
        for (Learner<?> l : List.of(LightGbmLearner.GBDT, XgboostLearner.INSTANCE, LightGbmLearner.RANDOM_FOREST,
                LightGbmLearner.EXTRA_TREES, ElasticNetLearner.INSTANCE, KnnLearner.INSTANCE)) {
            BY_NAME.put(l.name(), l);
        }
        alias("lightgbm", "LightGBM", "LightGBMClassifier", "LightGBMRegressor", "light_gbm", "lgbm");
        alias("xgboost", "XGBoostClassifier", "XGBoostRegressor", "xg_boost_classifier", "xg_boost_regressor", "xgb");
        alias("random_forest", "RandomForest", "RandomForestClassifier", "RandomForestRegressor", "rf");
        alias("extra_trees", "ExtremeRandomTrees", "extreme_random_trees", "ExtraTreesClassifier", "ExtraTreesRegressor");
        alias("elastic_net", "LogisticRegression", "logistic_regression", "ElasticNet", "LinearRegression", "linear_regression",
                "glm");
        alias("knn", "KNN", "k_nearest_neighbors", "KNeighborsClassifier", "KNeighborsRegressor");
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

    /** Every accepted name (canonical and aliases, as written in the registry). */
    public static List<String> allNames() {
        List<String> all = new ArrayList<>(BY_NAME.keySet());
        all.addAll(List.of("LightGBM", "XGBoostClassifier", "XGBoostRegressor", "RandomForest", "ExtremeRandomTrees",
                "LogisticRegression", "ElasticNet", "KNN"));
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
