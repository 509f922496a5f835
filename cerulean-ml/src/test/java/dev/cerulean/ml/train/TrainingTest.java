package dev.cerulean.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.metrics.ClassificationMetrics;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.pkg.ModelPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TrainingTest {
    static final Frame PENGUINS = TestData.frame("penguins.csv");

    @Nested
    class LabelsComeBackAsTheDataSpellsThem {
        @ParameterizedTest
        @CsvSource({"YES,NO", "Yes,No", "yes,no", "Y,N", "T,F", "True,False", "TRUE,FALSE", "true,false"})
        void aModelTrainedOnTheseLabelsPredictsThemInEveryOutput(String pos, String neg, @TempDir Path dir) throws IOException {
            TableSource source = TableSource.of(TestData.labelled(dir, pos, neg));

            TrainResult r = Training.train(TrainSpec.builder().source(source).target("answer").algorithm("lightgbm").seed(1).cvFolds(0)
                    .threads(1).build());

            List<String> sorted = new java.util.TreeSet<>(List.of(pos, neg)).stream().toList();
            assertThat(r.task()).isEqualTo(Task.BINARY);
            assertThat(r.classes()).containsExactlyElementsOf(sorted);
            ModelSignature sig = r.model().signature();
            assertThat(sig.outputs()).extracting(c -> c.name() + ":" + c.type()).containsExactly("prediction:string",
                    "probability_" + sorted.get(0) + ":double", "probability_" + sorted.get(1) + ":double");
            assertThat(sig.inputs()).extracting(c -> c.name() + ":" + c.type()).containsExactly("x:double", "member:string", "zip:string");

            Frame rows = FrameReader.read(source, new FrameReader.Options(sig.inputKinds(), sig.inputNames(), 0));
            Predictions p = r.model().predict(rows);
            assertThat(p.columns()).containsExactly("prediction", "probability_" + sorted.get(0), "probability_" + sorted.get(1));
            Frame truth = FrameReader.read(source, new FrameReader.Options(Map.of("answer", ColumnKind.CATEGORICAL), List.of("answer"), 0));
            int right = 0;
            for (int i = 0; i < p.size(); i++) {
                assertThat(p.label(i)).isIn(pos, neg);
                right += p.label(i).equals(String.valueOf(truth.column("answer").get(i))) ? 1 : 0;
            }
            assertThat(right).as("accuracy on the training rows").isGreaterThan(216);
            assertThat(p.toRecords().get(0)).containsKeys("probability_" + pos, "probability_" + neg);

            ModelPackage.save(r.model(), dir.resolve("model"), ModelPackage.SaveOptions.withExample(rows.take(new int[] {0, 1})));
            Model loaded = ModelPackage.load(dir.resolve("model"));
            assertThat(loaded.classes()).containsExactlyElementsOf(sorted);
            assertThat(loaded.signature()).isEqualTo(sig);
            assertThat(loaded.predict(rows).label(0)).isEqualTo(p.label(0));
            r.model().close();
        }
    }

    @Test
    void crossValidatesRefitsAndKeepsOutOfFoldPredictions() {
        TrainResult r = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("LightGBM").seed(7).build());

        assertThat(r.task()).isEqualTo(Task.MULTICLASS);
        assertThat(r.classes()).containsExactly("Adelie", "Chinstrap", "Gentoo");
        assertThat(r.foldMetrics()).hasSize(5);
        assertThat(r.cvMetrics().get("accuracy")).isGreaterThan(0.95);
        assertThat(r.cvMetrics().get("AUC_weighted")).isGreaterThan(0.98);
        double mean = r.foldMetrics().stream().mapToDouble(m -> m.get("accuracy")).average().orElseThrow();
        assertThat(r.cvMetrics().get("accuracy")).isCloseTo(mean, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(r.validationMetrics()).isEmpty();
        assertThat(r.trainingRows()).isEqualTo(344);

        TrainResult.OutOfFold oof = r.outOfFold();
        assertThat(oof.rows()).hasSize(344);
        assertThat(oof.width()).isEqualTo(3);
        assertThat(Arrays.stream(oof.fold()).distinct().count()).isEqualTo(5);
        int[] y = Arrays.stream(oof.targets()).mapToInt(d -> (int) d).toArray();
        double oofAccuracy = ClassificationMetrics.compute(y, oof.values(), 3).get("accuracy");
        assertThat(oofAccuracy).isGreaterThan(0.95);

        assertThat(r.columnImportance()).containsKey("flipper_length_mm");
        assertThat(r.columnImportance().keySet()).doesNotContain("species");
        assertThat(r.timingsMillis()).containsKeys("load", "cross_validation", "refit", "validation", "total");
        Predictions p = r.model().predict(PENGUINS.take(new int[] {0, 200}));
        assertThat(p.columns()).containsExactly("prediction", "probability_Adelie", "probability_Chinstrap", "probability_Gentoo");
        assertThat(p.label(0)).isEqualTo("Adelie");
        assertThat(r.model().provenance().algorithm()).isEqualTo("lightgbm");
        assertThat(r.model().provenance().seed()).isEqualTo(7);
    }

    @Test
    void sameSpecSameSeedGivesTheSameResult() {
        TrainSpec spec = TrainSpec.builder().frame(PENGUINS).target("species").algorithm("xgboost").seed(3).cvFolds(3).build();
        TrainResult a = Training.train(spec);
        TrainResult b = Training.train(spec);
        assertThat(a.cvMetrics()).isEqualTo(b.cvMetrics());
        assertThat(a.outOfFold().values()).containsExactly(b.outOfFold().values());
        assertThat(a.model().predictor().save().bytes()).isEqualTo(b.model().predictor().save().bytes());
    }

    @Test
    void regressionFromATableSourceWithAHoldOutAndDroppedTargetRows() {
        TrainResult r = Training.train(TrainSpec.builder().source(TableSource.of(TestData.sample("vega_cars.csv")))
                .target("Miles_per_Gallon").algorithm("elastic_net").seed(1).cvFolds(3).validationFraction(0.2).build());
        assertThat(r.task()).isEqualTo(Task.REGRESSION);
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("8 rows with a missing target"));
        assertThat(r.trainingRows()).isEqualTo(318);
        assertThat(r.cvMetrics().get("r2_score")).isGreaterThan(0.6);
        assertThat(r.validationMetrics().get("r2_score")).isGreaterThan(0.6);
        assertThat(r.validationMetrics()).containsKey("normalized_root_mean_squared_error");
    }

    @Test
    void infersMulticlassFromSmallIntegerTargetsAndGroupsFolds() {
        Frame iris = TestData.frame("sk_iris.csv");
        double[] group = new double[iris.rowCount()];
        double[] code = new double[iris.rowCount()];
        List<String> names = List.of("setosa", "versicolor", "virginica");
        for (int i = 0; i < group.length; i++) {
            group[i] = i % 10;
            code[i] = names.indexOf((String) iris.column("target").get(i));
        }
        Frame coded = iris.with(new NumericColumn("target", code, true)).with(NumericColumn.of("g", group));
        TrainResult r = Training.train(TrainSpec.builder().frame(coded).target("target")
                .algorithm("knn").groupColumn("g").seed(1).build());
        assertThat(r.task()).isEqualTo(Task.MULTICLASS);
        assertThat(r.classes()).containsExactly("0", "1", "2");
        assertThat(r.model().signature().inputNames()).doesNotContain("g", "target");
        assertThat(r.model().signature().outputs().get(0).type()).isEqualTo("long");
        assertThat(r.cvMetrics().get("accuracy")).isGreaterThan(0.9);
    }

    @Test
    void earlyStoppingInFoldsSetsTheRefitRounds() {
        TrainResult r = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("lightgbm")
                .hyperparameters(Map.of("n_estimators", 1000, "early_stopping_rounds", 10)).seed(1).cvFolds(3).build());
        int rounds = (int) r.model().provenance().params().get("n_estimators");
        assertThat(rounds).isBetween(1, 999);
        assertThat(r.model().provenance().params().get("early_stopping_rounds")).isEqualTo(0);
    }

    @Nested
    class Errors {
        @Test
        void missingTargetListsNearMatches() {
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(PENGUINS).target("specie").algorithm("lightgbm").build()))
                    .isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("target column 'specie' is not in the data; did you mean 'species'?")
                    .hasMessageContaining("Columns: species, island");
        }

        @Test
        void singleClassTarget() {
            Frame f = Frame.of(NumericColumn.of("x", 1, 2, 3), StringColumn.categorical("y", "a", "a", "a"));
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(f).target("y").algorithm("knn").cvFolds(0).build()))
                    .hasMessageContaining("target column 'y' has a single class 'a'");
        }

        @Test
        void tooManyClasses() {
            String[] y = new String[50];
            double[] x = new double[50];
            for (int i = 0; i < 50; i++) {
                y[i] = "c" + (i % 25);
                x[i] = i;
            }
            Frame f = Frame.of(NumericColumn.of("x", x), StringColumn.categorical("y", y));
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(f).target("y").algorithm("knn").maxClasses(10).build()))
                    .hasMessageContaining("has 25 classes, more than max_classes (10)");
        }

        @Test
        void regressionOnText() {
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(PENGUINS).target("species").task(Task.REGRESSION)
                    .algorithm("lightgbm").build())).hasMessageContaining("regression target 'species' is not numeric")
                    .hasMessageContaining("'Adelie'");
        }

        @Test
        void unknownHyperparameterAndAlgorithm() {
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("xgboost")
                    .hyperparameter("max_detph", 3).build())).hasMessageContaining("did you mean 'max_depth'?");
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("xgbost")
                    .build())).hasMessageContaining("unknown algorithm 'xgbost'");
        }

        @Test
        void allMissingFeatures() {
            double[] nan = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            Frame f = Frame.of(NumericColumn.of("x", nan), StringColumn.categorical("y", "a", "b", "a", "b"));
            assertThatThrownBy(() -> Training.train(TrainSpec.builder().frame(f).target("y").algorithm("lightgbm").cvFolds(2).build()))
                    .hasMessageContaining("no usable feature column").hasMessageContaining("'x' is entirely missing");
        }

        @Test
        void badSpecFields() {
            assertThatThrownBy(() -> TrainSpec.builder().frame(PENGUINS).target("species").algorithm("knn").cvFolds(1).build())
                    .hasMessageContaining("n_cross_validations");
            assertThatThrownBy(() -> TrainSpec.builder().target("species").algorithm("knn").build())
                    .hasMessageContaining("exactly one of a frame or a table source");
            assertThat(List.of(Training.autoThreads(1000, 10), Training.autoThreads(10, 10))).containsOnly(1);
        }
    }
}
