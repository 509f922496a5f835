package dev.cerulean.ml.automl;

import dev.cerulean.ml.learn.Task;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ordered list of configurations AutoML tries first, before any tuning: strong defaults of each learner
 * family, then known-good configurations mined across many datasets, interleaved across families with the
 * cheap ones first. At minute budgets this beats per-dataset search (Salinas and Erickson, "TabRepo",
 * arXiv:2311.02971, 2023; Kayali and Wang, "Mining Robust Default Configurations for Resource-constrained
 * AutoML", arXiv:2202.09927, 2022). The order follows the recipe in AutoGluon-Tabular (Erickson et al., 2020):
 *
 * <ol>
 * <li>LightGBM, learning rate 0.05 (0.1 on more than two million cells), 31 leaves, 20 rows per leaf (5
 * below 2,000 rows); a regularised linear model (logistic / linear elastic net);</li>
 * <li>LightGBM with extremely randomized splits; XGBoost (eta 0.1, depth 6); extremely randomized trees and
 * a random forest (300 trees, up to 4,096 leaves); LightGBM "large" (lr 0.03, 128 leaves, feature fraction
 * 0.9, 3 rows per leaf); kNN (where the data are small enough);</li>
 * <li>AutoGluon's 2023 zero-shot portfolio configurations (GBM r131, r96, XGB r33, XT r42, RF r195, GBM
 * r188, XGB r89, GBM r130, XGB r194, XT r172, GBM r161) and a second linear model.</li>
 * </ol>
 *
 * Boosted trees train up to 10,000 rounds with early stopping on each fold's held-out rows, patience
 * max(20, 300·min(1, 10⁴/n)) rounds (AutoGluon's rule). On larger data (more than 200,000 cells) learning
 * rates below 0.03 are raised to 0.03 so a configuration converges within the budget.
 */
final class Portfolio {
    /** The linear models' convergence tolerance: looser than the learner's default, for speed at minute budgets. */
    static final double LINEAR_TOL = 1e-5;

    /** Boosting-round cap; early stopping ends training long before on most data. */
    static final int MAX_ROUNDS = 10_000;

    private Portfolio() {
    }

    /** Early-stopping patience for {@code n} training rows. */
    static int patience(int n) {
        return (int) Math.max(20, Math.round(300 * Math.min(1.0, 10_000.0 / Math.max(1, n))));
    }

    /**
     * The portfolio for a task and data size, restricted to {@code learners}.
     *
     * @param n       training rows per fold model
     * @param columns input (raw) feature columns
     */
    static List<Candidate> of(Task task, int n, int columns, Set<String> learners) {
        long cells = (long) n * columns;
        boolean small = n < 2000;
        boolean large = cells > 200_000;
        int patience = patience(n);
        List<Candidate> out = new ArrayList<>();
        double lr = cells > 2_000_000 ? 0.1 : 0.05;
        out.add(gbm("lgbm_default", lr, 31, small ? 5 : 20, 1.0, false, patience));
        out.add(linear(task, n, 1.0, 0.0, "linear_c1"));
        out.add(gbm("lgbm_extra_trees", lr, 31, small ? 5 : 20, 1.0, true, patience));
        out.add(xgb("xgb_default", 0.1, 6, 1.0, 1.0, patience));
        out.add(forest("xt_default", "extra_trees", null, 15_000, 1, n, cells));
        out.add(forest("rf_default", "random_forest", null, 15_000, 1, n, cells));
        out.add(gbm("lgbm_large", 0.03, 128, 3, 0.9, false, patience));
        if (knnFits(n, columns)) {
            out.add(Candidate.portfolio("knn_uniform", "knn", Map.of("n_neighbors", 10, "weights", "uniform")));
            out.add(Candidate.portfolio("knn_distance", "knn", Map.of("n_neighbors", 10, "weights", "distance")));
        }
        // AutoGluon's zero-shot portfolio (configs/zeroshot/zeroshot_portfolio_2023.py), in priority order.
        out.add(gbm("ag_gbm_r131", raise(0.0121, large), 53, 14, 0.70, false, patience));
        out.add(gbm("ag_gbm_r96", raise(0.0152, large), 16, 48, 0.56, true, patience));
        out.add(xgb("ag_xgb_r33", raise(0.018, large), 10, 0.60, 0.69, patience));
        out.add(forest("ag_xt_r42", "extra_trees", 0.75, 18_392, 1, n, cells));
        out.add(forest("ag_rf_r195", "random_forest", 0.75, 32_768, 1, n, cells));
        out.add(gbm("ag_gbm_r188", raise(0.034, large), 127, 6, 0.83, true, patience));
        out.add(linear(task, n, 0.1, 0.5, "linear_c01"));
        out.add(xgb("ag_xgb_r89", 0.088, 5, 0.63, 0.66, patience));
        out.add(gbm("ag_gbm_r130", 0.047, 89, 56, 0.62, false, patience));
        out.add(xgb("ag_xgb_r194", 0.093, 7, 0.80, 0.91, patience));
        out.add(forest("ag_xt_r172", "extra_trees", 1.0, 12_845, 4, n, cells));
        out.add(gbm("ag_gbm_r161", raise(0.0105, large), 252, 11, 0.59, false, patience));
        return out.stream().filter(c -> learners.contains(c.learner())).toList();
    }

    /** kNN is exact brute force: only on data where predicting every fold costs little. */
    static boolean knnFits(int n, int columns) {
        return n <= 20_000 && columns <= 100;
    }

    private static double raise(double lr, boolean large) {
        return large ? Math.max(lr, 0.03) : lr;
    }

    private static Candidate gbm(String name, double lr, int leaves, int minData, double ff, boolean extra, int patience) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("n_estimators", MAX_ROUNDS);
        hp.put("learning_rate", lr);
        hp.put("num_leaves", leaves);
        hp.put("min_child_samples", minData);
        hp.put("colsample_bytree", ff);
        if (extra) {
            hp.put("extra_trees", true);
        }
        hp.put("early_stopping_rounds", patience);
        return Candidate.portfolio(name, "lightgbm", hp);
    }

    private static Candidate xgb(String name, double lr, int depth, double mcw, double colsample, int patience) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("n_estimators", MAX_ROUNDS);
        hp.put("learning_rate", lr);
        hp.put("max_depth", depth);
        hp.put("min_child_weight", mcw);
        hp.put("colsample_bytree", colsample);
        hp.put("early_stopping_rounds", patience);
        return Candidate.portfolio(name, "xgboost", hp);
    }

    /**
     * A forest. LightGBM grows leaf-wise trees histogram by histogram, so the deep trees of a scikit-learn forest
     * (AutoGluon's 15,000 leaves) cost far more here: leaves are capped at n/8 and 4,096 (1,024 above 200,000
     * cells, where the forest also has 100 trees instead of 300).
     */
    private static Candidate forest(String name, String learner, Double maxFeatures, int maxLeaves, int minLeaf, int n,
            long cells) {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("n_estimators", cells > 200_000 ? 100 : 300);
        if (maxFeatures != null) {
            hp.put("max_features", maxFeatures);
        }
        int cap = cells > 200_000 ? 1024 : 4096;
        hp.put("num_leaves", Math.max(2, Math.min(Math.min(maxLeaves, cap), Math.max(2, n / 8))));
        hp.put("min_samples_leaf", minLeaf);
        return Candidate.portfolio(name, learner, hp);
    }

    /**
     * An elastic net in scikit-learn's LogisticRegression terms: C is the inverse strength of a penalty on
     * the summed loss, so on this learner's mean loss alpha = 1 / (C n).
     */
    private static Candidate linear(Task task, int n, double c, double l1, String name) {
        double alpha = Math.min(1.0, Math.max(1e-6, 1.0 / (c * Math.max(1, n))));
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("alpha", alpha);
        hp.put("l1_ratio", l1);
        hp.put("max_iter", 200);
        hp.put("tol", LINEAR_TOL);
        return Candidate.portfolio(name, "elastic_net", hp);
    }
}
