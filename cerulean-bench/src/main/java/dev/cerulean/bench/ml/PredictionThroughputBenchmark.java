package dev.cerulean.bench.ml;

import com.microsoft.ml.lightgbm.PredictionType;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import dev.cerulean.ml.natives.NativeLibraries;
import io.github.metarank.lightgbm4j.LGBMBooster;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * (c) Prediction throughput: a model package loaded with {@link ModelPackage#load} scoring Adult's raw
 * rows (featurization included) against the raw library's batch prediction on the already prepared
 * matrix, same rows, same booster. Also single-row latency through {@code Frame.fromRows} (the online
 * endpoint path). Target: at least 70% of the raw library's rows/s.
 */
public final class PredictionThroughputBenchmark {
    private static final int RUNS = 5;
    private static final int SINGLE_ROWS = 2000;

    private PredictionThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NativeLibraries.lightGbm();
        NativeLibraries.xgboost();
        Frame adult = BenchSupport.adult();
        Frame input = adult.drop(List.of("income"));
        StringBuilder md = new StringBuilder();
        md.append("Adult, all 48,842 rows scored per batch; 100-tree models trained on Adult; median of ").append(RUNS)
                .append(" runs after a warm-up.\n")
                .append("Cerulean: `ModelPackage.load(dir).predict(frame)` from raw columns (featurization included).\n")
                .append("Raw: the library's batch prediction on the prepared matrix (lightgbm4j `predictForMat`, XGBoost4J ")
                .append("`predict(DMatrix)` including the DMatrix build).\n\n")
                .append("| learner | Cerulean rows/s | raw rows/s | ratio | single row p50 / p99 (ms) |\n|---|---|---|---|---|\n");
        Path tmp = Files.createTempDirectory("bench-pkg");
        for (String algorithm : List.of("lightgbm", "xgboost")) {
            CeruleanModel trained = Training.train(TrainSpec.builder().frame(adult).target("income").algorithm(algorithm).seed(1)
                    .cvFolds(0).threads(2).build()).model();
            Path dir = tmp.resolve(algorithm);
            ModelPackage.save(trained, dir, ModelPackage.SaveOptions.withExample(input));
            Model loaded = ModelPackage.load(dir);
            FeatureMatrix x = trained.featurizer().transform(input);
            byte[] native_ = trained.predictor().save().bytes();
            Runnable raw = algorithm.equals("lightgbm") ? rawLightGbm(native_, x) : rawXgboost(native_, x);
            Runnable ours = () -> loaded.predict(input);
            ours.run();
            raw.run();
            double[] o = new double[RUNS];
            double[] r = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                o[i] = time(ours);
                r[i] = time(raw);
            }
            double rowsOurs = input.rowCount() / (BenchSupport.median(o) / 1000);
            double rowsRaw = input.rowCount() / (BenchSupport.median(r) / 1000);
            double[] lat = singleRowLatencies(loaded, input);
            md.append("| ").append(algorithm).append(" | ").append(BenchSupport.fmt(rowsOurs, 0)).append(" | ")
                    .append(BenchSupport.fmt(rowsRaw, 0)).append(" | ").append(BenchSupport.fmt(rowsOurs / rowsRaw * 100, 0))
                    .append("% ").append(rowsOurs / rowsRaw >= 0.7 ? "(met)" : "(not met)").append(" | ")
                    .append(BenchSupport.fmt(lat[0], 3)).append(" / ").append(BenchSupport.fmt(lat[1], 3)).append(" |\n");
            trained.close();
        }
        md.append("\nTarget: Cerulean at least 70% of the raw library's rows/s. Single-row latency: one request row built with ")
                .append("`Frame.fromRows` from JSON-like values and scored, ").append(SINGLE_ROWS)
                .append(" rows after a warm-up (online endpoints target p99 < 10 ms).\n");
        BenchSupport.report("PredictionThroughputBenchmark", "Prediction throughput: loaded package vs raw library (Adult)",
                md.toString());
    }

    private static double time(Runnable r) {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static double[] singleRowLatencies(Model m, Frame input) {
        List<String> cols = m.signature().inputNames();
        var kinds = m.signature().inputKinds();
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < SINGLE_ROWS; i++) {
            List<Object> row = new ArrayList<>();
            for (String c : cols) {
                row.add(input.column(c).get(i));
            }
            rows.add(row);
        }
        for (int i = 0; i < 500; i++) {
            m.predict(Frame.fromRows(cols, List.of(rows.get(i)), kinds));
        }
        double[] lat = new double[SINGLE_ROWS];
        for (int i = 0; i < SINGLE_ROWS; i++) {
            long t = System.nanoTime();
            m.predict(Frame.fromRows(cols, List.of(rows.get(i)), kinds));
            lat[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(lat);
        return new double[] {lat[SINGLE_ROWS / 2], lat[(int) (SINGLE_ROWS * 0.99)]};
    }

    private static Runnable rawLightGbm(byte[] model, FeatureMatrix x) throws Exception {
        LGBMBooster b = LGBMBooster.loadModelFromString(new String(model, StandardCharsets.UTF_8));
        return () -> {
            try {
                b.predictForMat(x.values(), x.rows(), x.cols(), true, PredictionType.C_API_PREDICT_NORMAL);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    private static Runnable rawXgboost(byte[] model, FeatureMatrix x) throws Exception {
        Booster b = XGBoost.loadModel(model);
        float[] f = BenchSupport.floats(x.values());
        return () -> {
            try {
                DMatrix d = new DMatrix(f, x.rows(), x.cols(), Float.NaN);
                b.predict(d);
                d.dispose();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
