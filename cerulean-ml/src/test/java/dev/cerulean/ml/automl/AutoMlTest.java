package dev.cerulean.ml.automl;

import dev.cerulean.core.CancelToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.pkg.ModelPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoMlTest {
    static final Frame PENGUINS = TestData.frame("penguins.csv");
    static final Frame DIABETES = TestData.frame("sk_diabetes.csv");

    static AutoMlSpec.Builder penguins() {
        return AutoMlSpec.builder().task(AutoMlTask.CLASSIFICATION).trainingData(PENGUINS).target("species").seed(3).threads(2)
                .timeout(Duration.ofSeconds(10));
    }

    static void fails(ThrowableAssert.ThrowingCallable call, String field, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidParameterException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((InvalidParameterException) e).target()).isEqualTo(field));
    }

    /** Records every event. */
    static class Recorder implements AutoMlListener {
        final Frame sample;
        final List<String> events = new ArrayList<>();
        final List<TrialResult> finished = new ArrayList<>();
        final List<Model> models = new ArrayList<>();
        List<Guardrail> guardrails;

        Recorder(Frame data) {
            sample = data.take(new int[] {0, 1});
        }

        @Override
        public synchronized void guardrails(List<Guardrail> g) {
            guardrails = g;
            events.add("guardrails");
        }

        @Override
        public synchronized void trialStarted(TrialStarted e) {
            events.add("started " + e.trialId());
        }

        @Override
        public synchronized void trialFinished(TrialFinished e) {
            events.add("finished " + e.result().id());
            finished.add(e.result());
            if (e.model() != null) {
                // The model is open during the call: it predicts.
                assertThat(e.model().predict(sample).size()).isEqualTo(2);
            }
        }

        @Override
        public synchronized void bestSoFar(BestSoFar e) {
            events.add("best " + e.trialId());
        }
    }

    @Nested
    class SpecValidation {
        @Test
        void aMetricTheTaskDoesNotHaveIsAnErrorNamingTheField() {
            fails(() -> AutoMl.run(penguins().primaryMetric("r2_score").build(), null, null), "primary_metric",
                    "primary_metric 'r2_score' is not a classification metric");
            assertThat(PrimaryMetrics.resolve(AutoMlTask.CLASSIFICATION, null)).isEqualTo("accuracy");
            assertThat(PrimaryMetrics.resolve(AutoMlTask.REGRESSION, null)).isEqualTo("normalized_root_mean_squared_error");
            assertThat(PrimaryMetrics.resolve(AutoMlTask.FORECASTING, "MEAN_ABSOLUTE_PERCENTAGE_ERROR"))
                    .isEqualTo("mean_absolute_percentage_error");
        }

        @Test
        void algorithmsUseAzureNamesAndSkipWhatCeruleanLacks() {
            List<String> warnings = new ArrayList<>();
            assertThat(Algorithms.resolve(AutoMlTask.CLASSIFICATION, List.of("light_gbm", "XGBoostClassifier", "SVM"),
                    List.of(), warnings)).containsExactly("lightgbm", "xgboost");
            assertThat(warnings).singleElement().asString().contains("SVM is not available");
            assertThat(Algorithms.resolve(AutoMlTask.REGRESSION, List.of(), List.of("LightGBM", "KNN", "ElasticNet"),
                    new ArrayList<>())).containsExactly("random_forest", "extra_trees", "xgboost");
            fails(() -> Algorithms.resolve(AutoMlTask.CLASSIFICATION, List.of("LigthGBM"), List.of(), new ArrayList<>()),
                    "training.allowed_training_algorithms", "did you mean 'LightGBM'?");
            fails(() -> Algorithms.resolve(AutoMlTask.CLASSIFICATION, List.of("XGBoostRegressor"), List.of(), new ArrayList<>()),
                    "training.allowed_training_algorithms", "is not a classification algorithm");
            fails(() -> Algorithms.resolve(AutoMlTask.CLASSIFICATION, List.of("SVM", "DecisionTree"), List.of(), new ArrayList<>()),
                    "training.allowed_training_algorithms", "no algorithm is left to try");
        }

        @Test
        void fieldsAreCheckedAlone() {
            fails(() -> penguins().validationDataSize(0.2).nCrossValidations(3).build(), "validation_data_size", "at most one of");
            fails(() -> penguins().nCrossValidations(1).build(), "n_cross_validations", "at least 2");
            fails(() -> new FeaturizationSettings(FeaturizationSettings.Mode.CUSTOM, List.of("one_hot_encodr"), Map.of()),
                    "featurization.blocked_transformers", "did you mean 'one_hot_encoder'?");
            fails(() -> new FeaturizationSettings(FeaturizationSettings.Mode.CUSTOM, List.of(), Map.of("island", "Color")),
                    "featurization.column_name_and_types.island", "unknown column type 'Color'");
            fails(() -> AutoMlTask.parse("image_classification"), "task", "not supported");
            fails(() -> new AutoMlLimits(Duration.ZERO, null, 10, 1, true, null), "limits.timeout_minutes", "must be positive");
        }
    }

    @Nested
    class DataChecks {
        @Test
        void aTargetThatIsNotAColumnIsNamedWithNearMatches() {
            fails(() -> AutoMl.run(penguins().target("specie").build(), null, null), "target_column_name",
                    "did you mean 'species'?");
        }

        @Test
        void oneClassOrTooFewRowsCannotSupportTheTask() {
            Frame one = Frame.of(StringColumn.categorical("y", repeat("a", 30)), NumericColumn.of("x", seq(30)));
            fails(() -> AutoMl.run(penguins().trainingData(one).target("y").build(), null, null), "target_column_name",
                    "single class");
            Frame few = Frame.of(StringColumn.categorical("y", "a", "b", "a", "b", "a"), NumericColumn.of("x", seq(5)));
            fails(() -> AutoMl.run(penguins().trainingData(few).target("y").build(), null, null), "training_data",
                    "AutoML needs at least 10");
        }

        @Test
        void featurizationOffNeedsNumericColumnsAndPurposesNeedRealColumns() {
            fails(() -> AutoMl.run(penguins().featurization(new FeaturizationSettings(FeaturizationSettings.Mode.OFF, List.of(),
                    Map.of())).build(), null, null), "featurization.mode", "column 'island' is categorical");
            fails(() -> AutoMl.run(penguins().featurization(new FeaturizationSettings(FeaturizationSettings.Mode.CUSTOM, List.of(),
                    Map.of("colour", "Categorical"))).build(), null, null), "featurization.column_name_and_types.colour",
                    "not in the data");
        }
    }

    @Nested
    class Runs {
        @Test
        void classificationReportsGuardrailsTrialsAndAScoredBestModelWithinTheBudget(@TempDir Path dir) {
            Recorder rec = new Recorder(PENGUINS);
            // How long it takes against its budget is measured by the AutoML benchmark, not asserted here.
            AutoMlResult r = AutoMl.run(penguins().testDataSize(0.2).timeout(Duration.ofSeconds(8)).build(), rec, null);
            try (r) {
                assertThat(rec.events.get(0)).isEqualTo("guardrails");
                assertThat(rec.guardrails).extracting(Guardrail::name).containsExactly(Guardrail.VALIDATION, Guardrail.CLASS_BALANCE,
                        Guardrail.MISSING_VALUES, Guardrail.HIGH_CARDINALITY);
                // penguins has missing bill lengths and sex: imputation is reported as done, naming the columns.
                assertThat(rec.guardrails.get(2).status()).isEqualTo(Guardrail.Status.DONE);
                assertThat(rec.guardrails.get(2).details()).anyMatch(d -> d.startsWith("sex:"));
                // Every started trial finishes, in order of ids within the sequential search.
                for (TrialResult t : rec.finished) {
                    assertThat(rec.events).contains("started " + t.id());
                    assertThat(rec.events.indexOf("started " + t.id())).isLessThan(rec.events.indexOf("finished " + t.id()));
                }
                assertThat(r.leaderboard()).hasSize(rec.finished.size());
                assertThat(r.best()).isSameAs(r.leaderboard().get(0));
                assertThat(r.best().score()).isGreaterThan(0.95);
                assertThat(r.modelTask()).isEqualTo(Task.MULTICLASS);
                assertThat(r.primaryMetric()).isEqualTo("accuracy");
                assertThat(r.testMetrics().get("accuracy")).isGreaterThan(0.9);
                assertThat(r.explanation().importance()).isNotEmpty();
                assertThat(r.leaderboard()).anyMatch(t -> t.origin().startsWith("portfolio:"));
                // The best model scores raw rows, and survives a package round trip unchanged.
                Frame rows = PENGUINS.drop(List.of("species")).take(new int[] {0, 150, 300, 3});
                Predictions p = r.bestModel().predict(rows);
                assertThat(p.label(0)).isEqualTo("Adelie");
                assertThat(p.label(2)).isEqualTo("Chinstrap");
                ModelPackage.save(r.bestModel(), dir.resolve("m"), ModelPackage.SaveOptions.withExample(rows));
                Model loaded = ModelPackage.load(dir.resolve("m"));
                assertThat(loaded.predict(rows).raw()).containsExactly(p.raw());
                assertThat(loaded.signature().inputNames()).contains("island", "bill_length_mm");
            }
        }

        @Test
        void theLabelsOfTheDataNameTheClassesAndTheBestModelsProbabilities(@TempDir Path dir) throws IOException {
            TableSource source = TableSource.of(TestData.labelled(dir, "YES", "NO"));
            AutoMlResult r = AutoMl.run(AutoMlSpec.builder().task(AutoMlTask.CLASSIFICATION).trainingSource(source).target("answer")
                    .limits(AutoMlLimits.DEFAULT.withTimeout(Duration.ofSeconds(20)).withMaxTrials(2)).seed(2).threads(1).build(), null, null);
            try (r) {
                assertThat(r.details().get("classes")).isEqualTo(List.of("NO", "YES"));
                assertThat(r.bestModel().classes()).containsExactly("NO", "YES");
                assertThat(r.bestModel().signature().outputs()).extracting(c -> c.name() + ":" + c.type())
                        .containsExactly("prediction:string", "probability_NO:double", "probability_YES:double");
                Frame rows = FrameReader.read(source).drop(List.of("answer"));
                Predictions p = r.bestModel().predict(rows);
                assertThat(p.columns()).containsExactly("prediction", "probability_NO", "probability_YES");
                assertThat(java.util.stream.IntStream.range(0, p.size()).mapToObj(p::label).distinct()).containsExactlyInAnyOrder("YES", "NO");
            }
        }

        @Test
        void regressionOnAHoldOutStopsAtMaxTrialsAndReportsEnsembles() {
            Recorder rec = new Recorder(DIABETES);
            AutoMlResult r = AutoMl.run(AutoMlSpec.builder().task(AutoMlTask.REGRESSION).trainingData(DIABETES).target("target")
                    .validationDataSize(0.25).limits(AutoMlLimits.DEFAULT.withTimeout(Duration.ofSeconds(20)).withMaxTrials(4))
                    .seed(5).threads(2).build(), rec, null);
            try (r) {
                assertThat(r.stopReason()).isEqualTo(StopReason.MAX_TRIALS);
                assertThat(r.leaderboard().stream().filter(t -> !t.learner().equals("ensemble"))).hasSize(4);
                assertThat(r.leaderboard()).anyMatch(t -> t.algorithm().equals("VotingEnsemble"));
                assertThat(r.leaderboard()).anyMatch(t -> t.algorithm().equals("StackEnsemble"));
                assertThat(r.validation()).contains("25% of the training rows (111)");
                assertThat(r.best().metrics()).containsKeys("r2_score", "normalized_root_mean_squared_error");
                assertThat(r.best().metrics().get("r2_score")).isGreaterThan(0.3);
                assertThat(r.guardrails()).extracting(Guardrail::name).doesNotContain(Guardrail.CLASS_BALANCE);
                assertThat(r.modelTask()).isEqualTo(Task.REGRESSION);
            }
        }

        @Test
        void cancellingEndsTheRunWithTheBestModelSoFar() {
            CancelToken token = CancelToken.create();
            Recorder rec = new Recorder(PENGUINS) {
                @Override
                public synchronized void trialFinished(TrialFinished e) {
                    super.trialFinished(e);
                    token.cancel("user asked");
                }
            };
            AutoMlResult r = AutoMl.run(penguins().timeout(Duration.ofSeconds(30)).build(), rec, token);
            try (r) {
                assertThat(r.stopReason()).isEqualTo(StopReason.CANCELLED);
                assertThat(rec.finished).hasSize(1);
                assertThat(r.bestModel()).isNotNull();
                assertThat(r.explanation()).isNull();
            }
        }

        @Test
        void exitScoreEndsTheSearchOnceReached() {
            AutoMlResult r = AutoMl.run(penguins().limits(new AutoMlLimits(Duration.ofSeconds(30), null, 100, 1, true, 0.5))
                    .training(TrainingSettings.DEFAULT.withEnsembles(false, false).withExplainability(false)).build(), null, null);
            try (r) {
                assertThat(r.stopReason()).isEqualTo(StopReason.EXIT_SCORE);
                assertThat(r.leaderboard()).hasSize(1);
                assertThat(r.explanation()).isNull();
            }
        }

        @Test
        void imbalancedClassesAreAlerted() {
            SplittableRandom rnd = new SplittableRandom(1);
            int n = 400;
            String[] y = new String[n];
            double[] x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rnd.nextDouble();
                y[i] = i % 20 == 0 ? "rare" : "common";
            }
            TabularData d = TabularData.prepare(penguins().trainingData(Frame.of(StringColumn.categorical("y", y),
                    NumericColumn.of("x", x))).target("y").build(), new ArrayList<>());
            Guardrail g = Guardrails.tabular(d).get(1);
            assertThat(g.name()).isEqualTo(Guardrail.CLASS_BALANCE);
            assertThat(g.status()).isEqualTo(Guardrail.Status.ALERTED);
            assertThat(g.message()).contains("class 'rare' has 20 rows");
            assertThat(d.folds).hasSize(5);
            assertThat(d.crossValidation).isTrue();
        }
    }

    static String[] repeat(String v, int n) {
        String[] a = new String[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    static double[] seq(int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = i * 0.5;
        }
        return a;
    }
}
