package dev.cerulean.ml.automl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.ml.TestData;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.Metrics;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnsemblesTest {
    @Nested
    class Selection {
        /** Two noisy views of the truth with independent errors, and a useless one. */
        static List<double[]> models(double[] y, SplittableRandom rnd) {
            double[] a = new double[y.length];
            double[] b = new double[y.length];
            double[] c = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                a[i] = y[i] + rnd.nextGaussian();
                b[i] = y[i] + rnd.nextGaussian();
                c[i] = rnd.nextGaussian() * 3;
            }
            return List.of(a, b, c);
        }

        @Test
        void greedySelectionAveragesComplementaryModelsAndSkipsUselessOnes() {
            SplittableRandom rnd = new SplittableRandom(1);
            double[] y = new double[2000];
            for (int i = 0; i < y.length; i++) {
                y[i] = rnd.nextGaussian() * 5;
            }
            List<double[]> preds = models(y, rnd);
            Scorer s = new Scorer("root_mean_squared_error", Task.REGRESSION, 0, y);
            double[] w = Ensembles.caruana(preds, s, 25, new SplittableRandom(2));
            assertThat(w[0] + w[1] + w[2]).isCloseTo(1, within(1e-12));
            assertThat(w[2]).isZero();
            assertThat(w[0]).isBetween(0.3, 0.7);
            double single = Math.min(s.score(preds.get(0)), s.score(preds.get(1)));
            assertThat(s.score(Ensembles.combine(preds, w))).isLessThan(single * 0.8);
            double[] bw = Ensembles.baggedCaruana(List.of(preds.get(0), preds.get(1), preds.get(2), preds.get(0)), s, 25,
                    new SplittableRandom(3));
            assertThat(bw[2]).isLessThan(0.05);
        }

        @Test
        void theBestPrefixIsKeptSoASingleDominantModelStandsAlone() {
            double[] y = {0, 1, 2, 3, 4, 5};
            List<double[]> preds = List.of(y.clone(), new double[] {5, 5, 5, 5, 5, 5});
            double[] w = Ensembles.caruana(preds, new Scorer("r2_score", Task.REGRESSION, 0, y), 25, new SplittableRandom(1));
            assertThat(w).containsExactly(1.0, 0.0);
        }

        @ParameterizedTest
        @ValueSource(strings = {"accuracy", "AUC_weighted", "AUC_macro", "log_loss", "norm_macro_recall", "balanced_accuracy"})
        void theFastScorerAgreesWithMetrics(String metric) {
            SplittableRandom rnd = new SplittableRandom(5);
            for (int k : new int[] {2, 4}) {
                int n = 500;
                double[] y = new double[n];
                double[] p = new double[n * k];
                for (int i = 0; i < n; i++) {
                    y[i] = rnd.nextInt(k);
                    double sum = 0;
                    for (int c = 0; c < k; c++) {
                        // Ties on purpose: rounded scores.
                        p[i * k + c] = Math.round((rnd.nextDouble() + (c == y[i] ? 0.5 : 0)) * 10) / 10.0 + 1e-3;
                        sum += p[i * k + c];
                    }
                    for (int c = 0; c < k; c++) {
                        p[i * k + c] /= sum;
                    }
                }
                Task task = k == 2 ? Task.BINARY : Task.MULTICLASS;
                double want = Metrics.compute(task, y, p, k).get(metric);
                assertThat(new Scorer(metric, task, k, y).score(p)).as(metric + " k=" + k).isCloseTo(want, within(1e-12));
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"r2_score", "normalized_root_mean_squared_error", "normalized_mean_absolute_error",
            "spearman_correlation", "mean_absolute_percentage_error"})
        void theFastScorerAgreesWithRegressionMetrics(String metric) {
            SplittableRandom rnd = new SplittableRandom(6);
            double[] y = new double[300];
            double[] p = new double[300];
            for (int i = 0; i < y.length; i++) {
                y[i] = 10 + rnd.nextGaussian() * 3;
                p[i] = y[i] + rnd.nextGaussian();
            }
            assertThat(new Scorer(metric, Task.REGRESSION, 0, y).score(p)).isCloseTo(Metrics.forecasting(y, p).get(metric),
                    within(1e-12));
        }
    }

    @Nested
    class Models {
        final Frame penguins = TestData.frame("penguins.csv");

        CeruleanModel fit(String algorithm, int[] rows, long seed) {
            return Training.train(TrainSpec.builder().frame(penguins.take(rows)).target("species").algorithm(algorithm).cvFolds(0)
                    .threads(1).seed(seed).hyperparameters(algorithm.equals("elastic_net") ? Map.of() : Map.of("n_estimators", 20))
                    .build()).model();
        }

        @Test
        void baggedVotingAndStackedModelsPredictAndSurviveAPackageRoundTrip(@TempDir Path dir) throws Exception {
            int[] even = new int[172];
            int[] odd = new int[172];
            for (int i = 0; i < 172; i++) {
                even[i] = 2 * i;
                odd[i] = 2 * i + 1;
            }
            BaggedModel gbm = new BaggedModel(List.of(fit("lightgbm", even, 1), fit("lightgbm", odd, 1)), "LightGBM",
                    Map.of("n_estimators", 20), null);
            BaggedModel lin = new BaggedModel(List.of(fit("elastic_net", even, 1), fit("elastic_net", odd, 1)), "LogisticRegression",
                    Map.of(), null);
            Frame x = penguins.drop(List.of("species"));
            double[] a = gbm.predict(x).raw();
            double[] b = lin.predict(x).raw();
            EnsembleModel vote = EnsembleModel.voting(List.of(gbm, lin), List.of("gbm", "lin"), new double[] {0.75, 0.25}, "species",
                    false, null);
            double[] v = vote.predict(x).raw();
            for (int i = 0; i < v.length; i++) {
                assertThat(v[i]).isCloseTo(0.75 * a[i] + 0.25 * b[i], within(1e-12));
            }
            double[] y = new double[penguins.rowCount()];
            for (int i = 0; i < y.length; i++) {
                y[i] = vote.classes().indexOf(String.valueOf(penguins.column("species").get(i)));
            }
            CeruleanModel meta = Ensembles.fitStacker(List.of(a, b), y, Task.MULTICLASS, 3, vote.classes(), false, "species", 1, null);
            EnsembleModel stack = EnsembleModel.stacking(List.of(gbm, lin), List.of("gbm", "lin"), meta, "species", false, null);
            double[] st = stack.predict(x).raw();
            assertThat(Metrics.compute(Task.MULTICLASS, y, st, 3).get("accuracy")).isGreaterThan(0.95);
            // Out-of-fold view: fold 0 of each member.
            assertThat(vote.fold(0).predict(x).raw()).isNotEqualTo(v);

            for (Model m : List.of(gbm, vote, stack)) {
                Path p = dir.resolve(m.getClass().getSimpleName() + System.identityHashCode(m));
                ModelPackage.save(m, p, ModelPackage.SaveOptions.withExample(x));
                Model back = ModelPackage.load(p);
                assertThat(back.getClass()).isEqualTo(m.getClass());
                assertThat(back.predict(x).raw()).containsExactly(m.predict(x).raw());
                assertThat(back.signature()).isEqualTo(m.signature());
                String mlmodel = Files.readString(p.resolve("MLmodel"));
                assertThat(mlmodel).contains("format_version: 2").contains("model_type: " + (m instanceof BaggedModel ? "bagged"
                        : "ensemble"));
            }
            // Members sharing a featurizer instance store it once.
            try (var files = Files.list(dir.resolve("BaggedModel" + System.identityHashCode(gbm)).resolve("featurizers"))) {
                assertThat(files.count()).isEqualTo(2);
            }
            stack.close();
            lin.close();
            gbm.close();
        }
    }
}
