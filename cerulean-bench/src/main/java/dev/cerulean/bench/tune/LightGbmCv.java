package dev.cerulean.bench.tune;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.cerulean.ml.data.DuckTables;
import dev.cerulean.ml.data.TableSource;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import io.github.metarank.lightgbm4j.LGBMException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A real tuning objective: k-fold cross-validated RMSE of LightGBM regression on an all-numeric
 * table read with DuckDB. Folds are fixed (seeded shuffle) and LightGBM runs deterministically, so
 * a configuration always scores the same.
 */
final class LightGbmCv {
    private final String table;
    private final int rows;
    private final int cols;
    private final double[][] x;
    private final double[] y;
    private final int[] fold;
    private final int folds;
    private final int rounds;

    private LightGbmCv(String table, double[][] x, double[] y, int folds, int rounds) {
        this.table = table;
        this.x = x;
        this.y = y;
        this.rows = y.length;
        this.cols = x[0].length;
        this.folds = folds;
        this.rounds = rounds;
        this.fold = new int[rows];
        int[] perm = new int[rows];
        for (int i = 0; i < rows; i++) {
            perm[i] = i;
        }
        SplittableRandom rng = new SplittableRandom(0);
        for (int i = rows - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        for (int i = 0; i < rows; i++) {
            fold[perm[i]] = i % folds;
        }
    }

    /** Loads every numeric column but {@code target} as features. */
    static LightGbmCv load(Path csv, String target, int folds, int rounds) throws SQLException {
        List<double[]> features = new ArrayList<>();
        List<Double> labels = new ArrayList<>();
        try (Connection c = DuckTables.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(DuckTables.selectSql(TableSource.of(csv)))) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            int t = -1;
            for (int i = 1; i <= n; i++) {
                if (md.getColumnName(i).equals(target)) {
                    t = i;
                }
            }
            if (t < 0) {
                throw new IllegalArgumentException("no column '" + target + "' in " + csv);
            }
            while (rs.next()) {
                double[] row = new double[n - 1];
                int k = 0;
                for (int i = 1; i <= n; i++) {
                    if (i != t) {
                        row[k++] = rs.getDouble(i);
                    }
                }
                features.add(row);
                labels.add(rs.getDouble(t));
            }
        }
        double[] y = labels.stream().mapToDouble(Double::doubleValue).toArray();
        return new LightGbmCv(csv.getFileName().toString(), features.toArray(new double[0][]), y, folds, rounds);
    }

    String describe() {
        return table + " (" + rows + " rows, " + cols + " features), " + folds + "-fold CV RMSE, " + rounds + " boosting rounds";
    }

    /** Cross-validated RMSE of one configuration. */
    double rmse(Map<String, Object> config) {
        String params = String.format(Locale.ROOT,
                "objective=regression metric=rmse verbose=-1 num_threads=1 deterministic=true force_row_wise=true seed=1"
                        + " learning_rate=%s num_leaves=%d min_data_in_leaf=%d feature_fraction=%s",
                TestFunctions.num(config, "learning_rate"), (long) TestFunctions.num(config, "num_leaves"),
                (long) TestFunctions.num(config, "min_data_in_leaf"), TestFunctions.num(config, "feature_fraction"));
        double sse = 0;
        try {
            for (int f = 0; f < folds; f++) {
                int nTrain = 0;
                for (int i = 0; i < rows; i++) {
                    if (fold[i] != f) {
                        nTrain++;
                    }
                }
                int nTest = rows - nTrain;
                double[] train = new double[nTrain * cols];
                float[] label = new float[nTrain];
                double[] test = new double[nTest * cols];
                double[] truth = new double[nTest];
                int a = 0;
                int b = 0;
                for (int i = 0; i < rows; i++) {
                    if (fold[i] != f) {
                        System.arraycopy(x[i], 0, train, a * cols, cols);
                        label[a++] = (float) y[i];
                    } else {
                        System.arraycopy(x[i], 0, test, b * cols, cols);
                        truth[b++] = y[i];
                    }
                }
                try (LGBMDataset ds = LGBMDataset.createFromMat(train, nTrain, cols, true, "verbose=-1 min_data_in_bin=1 min_data_in_leaf="
                        + (long) TestFunctions.num(config, "min_data_in_leaf"), null)) {
                    ds.setField("label", label);
                    try (LGBMBooster booster = LGBMBooster.create(ds, params)) {
                        for (int r = 0; r < rounds; r++) {
                            if (booster.updateOneIter()) {
                                break;
                            }
                        }
                        double[] pred = booster.predictForMat(test, nTest, cols, true, PredictionType.C_API_PREDICT_NORMAL);
                        for (int i = 0; i < nTest; i++) {
                            double e = pred[i] - truth[i];
                            sse += e * e;
                        }
                    }
                }
            }
        } catch (LGBMException e) {
            throw new IllegalStateException("LightGBM failed on " + config + ": " + e.getMessage(), e);
        }
        return Math.sqrt(sse / rows);
    }
}
