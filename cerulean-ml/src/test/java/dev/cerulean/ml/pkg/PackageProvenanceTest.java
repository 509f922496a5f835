package dev.cerulean.ml.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.automl.AutoMl;
import dev.cerulean.ml.automl.AutoMlLimits;
import dev.cerulean.ml.automl.AutoMlListener;
import dev.cerulean.ml.automl.AutoMlResult;
import dev.cerulean.ml.automl.AutoMlSpec;
import dev.cerulean.ml.automl.AutoMlTask;
import dev.cerulean.ml.automl.BaggedModel;
import dev.cerulean.ml.automl.EnsembleModel;
import dev.cerulean.ml.automl.TrainingSettings;
import dev.cerulean.ml.forecast.ForecastModel;
import dev.cerulean.ml.forecast.ForecastSettings;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of model package records its provenance (the dataset hash, featurization, algorithm and
 * hyperparameters, members and weights, seed, rows, target, versions, time), reads it back unchanged, and
 * packages written before keep loading.
 */
class PackageProvenanceTest {
    static final Frame PENGUINS = TestData.frame("penguins.csv");
    static final String HASH = "sha256:5f0c3e9a1b2d4c6e8f00112233445566778899aabbccddeeff00112233445566";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A provenance and all its members' provenance, depth first. */
    static List<Provenance> tree(Provenance p) {
        List<Provenance> out = new ArrayList<>();
        out.add(p);
        p.members().forEach(m -> out.addAll(tree(m.provenance())));
        return out;
    }

    /** Saves, loads, and checks that the loaded model carries the same provenance, also in provenance.json. */
    @SuppressWarnings("unchecked")
    static Model roundTrip(Model m, Path dir) throws Exception {
        ModelPackage.save(m, dir, ModelPackage.SaveOptions.NONE);
        Model back = ModelPackage.load(dir);
        assertThat(back.provenance()).isEqualTo(m.provenance());
        assertThat((Map<String, Object>) ModelPackage.readMlmodel(dir).get("flavors")).extractingByKey("cerulean")
                .satisfies(c -> assertThat((Map<String, Object>) c).containsEntry("provenance", "provenance.json"));
        Map<String, Object> file = JSON.readValue(dir.resolve("provenance.json").toFile(), Map.class);
        assertThat(Provenance.fromMap(file)).isEqualTo(m.provenance());
        return back;
    }

    @Nested
    class SingleModels {
        static List<String> learners() {
            return Learners.names();
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("learners")
        void aTrainedModelRecordsHowItWasMadeAndReadsItBack(String learner, @TempDir Path dir) throws Exception {
            Instant before = Instant.now();
            CeruleanModel m = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm(learner).seed(9).cvFolds(0)
                    .threads(1).datasetHash(HASH).build()).model();
            Provenance p = m.provenance();
            assertThat(p.modelType()).isEqualTo(Provenance.ModelType.SINGLE);
            assertThat(p.algorithm()).isEqualTo(learner);
            assertThat(p.featurization()).isEqualTo(Learners.get(learner).featurizerConfig(Task.MULTICLASS).toMap())
                    .containsKeys("imputation", "max_one_hot_levels", "standardize");
            assertThat(p.params()).isNotEmpty();
            assertThat(p.datasetHash()).isEqualTo(HASH);
            assertThat(p.seed()).isEqualTo(9);
            assertThat(p.threads()).isEqualTo(1);
            assertThat(p.trainingRows()).isEqualTo(344);
            assertThat(p.target()).isEqualTo("species");
            assertThat(p.libraries()).containsKeys("cerulean-ml", "xgboost4j", "lightgbm4j");
            assertThat(p.javaVersion()).isEqualTo(System.getProperty("java.version"));
            assertThat(p.os()).startsWith(System.getProperty("os.name"));
            assertThat(p.createdAt()).isBetween(before, Instant.now());
            assertThat(p.members()).isEmpty();
            try (CeruleanModel back = (CeruleanModel) roundTrip(m, dir.resolve("m"))) {
                assertThat(back.provenance().featurization()).isEqualTo(p.featurization());
            }
            m.close();
        }

        @Test
        void aFormatVersionOnePackageReadsItsOldProvenanceAsASingleModels() throws Exception {
            Model m = ModelPackage.load(GoldenPackageTest.golden("xgboost-penguins-v1"));
            Provenance p = m.provenance();
            assertThat(p.modelType()).isEqualTo(Provenance.ModelType.SINGLE);
            assertThat(p.algorithm()).isEqualTo("xgboost");
            assertThat(p.params()).containsEntry("max_depth", 3).containsEntry("learning_rate", 0.3);
            assertThat(p.seed()).isEqualTo(11);
            assertThat(p.trainingRows()).isEqualTo(344);
            assertThat(p.datasetHash()).isNull();
            assertThat(p.featurization()).isEmpty();
            assertThat(p.libraries()).containsEntry("xgboost4j", "3.4.0");
            assertThat(p.createdAt()).isEqualTo(Instant.parse("2026-11-27T03:36:59.229105487Z"));
            assertThat(p.trainingInfo()).containsEntry("iterations", 10);
        }

        @Test
        void aPackageWhoseProvenanceIsNotValidIsRefusedNamingTheFileAndField(@TempDir Path dir) throws Exception {
            CeruleanModel m = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("knn").cvFolds(0)
                    .build()).model();
            Path pkg = dir.resolve("k");
            ModelPackage.save(m, pkg, ModelPackage.SaveOptions.NONE);
            Path f = pkg.resolve("provenance.json");
            Files.writeString(f, Files.readString(f).replace("\"training_rows\" : 344", "\"training_rows\" : -1"));
            assertThatThrownBy(() -> ModelPackage.load(pkg)).isInstanceOf(InvalidParameterException.class)
                    .hasMessageStartingWith("'provenance.json' in '" + pkg + "' is not a valid provenance: training_rows must not be"
                            + " negative, got -1")
                    .satisfies(e -> assertThat(((CeruleanException) e).target()).isEqualTo("provenance.training_rows"));
            Files.writeString(f, "{");
            assertThatThrownBy(() -> ModelPackage.load(pkg)).hasMessageContaining("'provenance.json' (cerulean.provenance)");
        }

        @Test
        void aDatasetHashThatIsNotAContentHashIsRefusedBeforeTraining() {
            assertThatThrownBy(() -> TrainSpec.builder().frame(PENGUINS).target("species").algorithm("knn").datasetHash("penguins.csv")
                    .build()).isInstanceOf(InvalidParameterException.class).hasMessageContaining("'dataset_hash' is 'penguins.csv'");
            assertThatThrownBy(() -> AutoMlSpec.builder().trainingData(PENGUINS).target("species").datasetHash("v1").build())
                    .hasMessageContaining("'dataset_hash' is 'v1'");
        }

        @Test
        void anImportedModelHasNoProvenance(@TempDir Path dir) throws Exception {
            Files.write(dir.resolve("model.onnx"), OnnxBytes.linear(new float[] {2, -1}));
            Files.writeString(dir.resolve("MLmodel"), "flavors:\n  onnx:\n    data: model.onnx\nsignature:\n  inputs: "
                    + "'[{\"type\": \"float\", \"name\": \"a\"}, {\"type\": \"float\", \"name\": \"b\"}]'\n");
            assertThat(ModelPackage.load(dir).provenance()).isNull();
        }
    }

    /** One AutoML run with cross-validation (bagged trials) and both ensembles; the models are saved as they finish. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AutoMlModels {
        Path dir;
        final Map<String, Model> saved = new ConcurrentHashMap<>();
        final Map<String, Provenance> trained = new ConcurrentHashMap<>();
        AutoMlResult result;

        @BeforeAll
        void run(@TempDir Path tmp) {
            dir = tmp;
            AutoMlSpec spec = AutoMlSpec.builder().task(AutoMlTask.CLASSIFICATION).trainingData(PENGUINS).target("species").seed(4)
                    .threads(2).nCrossValidations(3).limits(AutoMlLimits.DEFAULT.withTimeout(Duration.ofSeconds(120)).withMaxTrials(4))
                    .training(new TrainingSettings(List.of("LightGBM", "LogisticRegression"), List.of(), true, true, false))
                    .datasetHash(HASH).build();
            result = AutoMl.run(spec, new AutoMlListener() {
                @Override
                public void trialFinished(TrialFinished e) {
                    if (e.model() == null) {
                        return;
                    }
                    String kind = e.model() instanceof EnsembleModel em ? em.algorithm() : e.model().getClass().getSimpleName();
                    // Each model is open only during this call: save the first of each kind now.
                    if (!saved.containsKey(kind)) {
                        Path p = dir.resolve(kind);
                        ModelPackage.save(e.model(), p, ModelPackage.SaveOptions.NONE);
                        trained.put(kind, e.model().provenance());
                        saved.put(kind, ModelPackage.load(p));
                    }
                }
            }, null);
        }

        @AfterAll
        void close() throws Exception {
            result.close();
            for (Model m : saved.values()) {
                ((AutoCloseable) m).close();
            }
        }

        @ParameterizedTest
        @ValueSource(strings = {"BaggedModel", "VotingEnsemble", "StackEnsemble"})
        void everyModelAndEachOfItsPartsCarriesTheDatasetHashAndReadsBackUnchanged(String kind) {
            assertThat(saved).containsKey(kind);
            Provenance p = saved.get(kind).provenance();
            assertThat(p).isEqualTo(trained.get(kind));
            assertThat(tree(p)).hasSizeGreaterThan(1).allSatisfy(x -> {
                assertThat(x.datasetHash()).isEqualTo(HASH);
                assertThat(x.seed()).isEqualTo(4);
                assertThat(x.libraries()).containsKey("cerulean-ml");
            });
            assertThat(p.trainingRows()).isEqualTo(344);
            assertThat(p.target()).isEqualTo("species");
        }

        @Test
        void theBestModelCarriesTheDatasetHashThroughAPackage() throws Exception {
            assertThat(result.bestModel().provenance().datasetHash()).isEqualTo(HASH);
            try (AutoCloseable back = (AutoCloseable) roundTrip(result.bestModel(), dir.resolve("best"))) {
                assertThat(tree(result.bestModel().provenance())).allSatisfy(x -> assertThat(x.datasetHash()).isEqualTo(HASH));
            }
        }

        @Test
        void aBaggedModelRecordsItsConfigurationAndEachFoldWithAnEqualWeight() {
            BaggedModel b = (BaggedModel) saved.get("BaggedModel");
            Provenance p = b.provenance();
            assertThat(p.modelType()).isEqualTo(Provenance.ModelType.BAGGED);
            assertThat(p.algorithm()).isEqualTo(b.fold(0).provenance().algorithm()).isIn("lightgbm", "elastic_net");
            assertThat(p.params()).isEqualTo(b.fold(0).provenance().params());
            assertThat(p.featurization()).isNotEmpty().isEqualTo(b.fold(0).provenance().featurization());
            assertThat(p.trainingInfo()).containsEntry("folds", 3);
            assertThat(p.members()).extracting(Provenance.Member::name).containsExactly("fold 0", "fold 1", "fold 2");
            for (int f = 0; f < 3; f++) {
                Provenance.Member m = p.members().get(f);
                assertThat(m.weight()).isCloseTo(1.0 / 3, within(1e-15));
                assertThat(m.provenance()).isEqualTo(b.fold(f).provenance());
                // Each fold model saw the rows outside its fold.
                assertThat(m.provenance().trainingRows()).isBetween(220L, 240L);
            }
        }

        @Test
        void aVotingEnsembleRecordsItsMembersWithTheirWeights() {
            EnsembleModel e = (EnsembleModel) saved.get("VotingEnsemble");
            Provenance p = e.provenance();
            assertThat(p.modelType()).isEqualTo(Provenance.ModelType.ENSEMBLE);
            assertThat(p.algorithm()).isEqualTo("VotingEnsemble");
            assertThat(p.params()).containsKey("selection");
            assertThat(p.members()).extracting(Provenance.Member::name).containsExactlyElementsOf(e.memberNames());
            double[] w = e.weights();
            for (int i = 0; i < w.length; i++) {
                assertThat(p.members().get(i).weight()).isEqualTo(w[i]);
                assertThat(p.members().get(i).provenance()).isEqualTo(e.members().get(i).provenance());
            }
            assertThat(p.members().stream().mapToDouble(Provenance.Member::weight).sum()).isCloseTo(1, within(1e-9));
        }

        @Test
        void aStackedEnsembleRecordsItsMetaLearnerAndUnweightedMembers() {
            EnsembleModel e = (EnsembleModel) saved.get("StackEnsemble");
            Provenance p = e.provenance();
            assertThat(p.algorithm()).isEqualTo("StackEnsemble");
            assertThat(p.params()).containsEntry("meta_learner", "elastic_net").containsKeys("alpha", "l1_ratio");
            assertThat(p.featurization()).isEqualTo(e.meta().provenance().featurization()).containsEntry("standardize", true);
            assertThat(p.members()).hasSize(e.members().size()).allSatisfy(m -> assertThat(m.weight()).isNull());
            assertThat(e.meta().provenance().datasetHash()).isEqualTo(HASH);
        }
    }

    @Nested
    class Forecasters {
        @Test
        void aForecasterRecordsTheSeriesGridAndEachWeightedComponent(@TempDir Path dir) throws Exception {
            Frame air = TestData.frame("ts_air_passengers.csv");
            AutoMlSpec spec = AutoMlSpec.builder().task(AutoMlTask.FORECASTING).trainingData(air).target("passengers").seed(2)
                    .threads(1).timeout(Duration.ofSeconds(60)).forecasting(ForecastSettings.of("date").withHorizon(12))
                    .training(new TrainingSettings(List.of("SeasonalNaive", "ExponentialSmoothing", "LightGBM"), List.of(), true, null,
                            false)).datasetHash(HASH).build();
            try (AutoMlResult r = AutoMl.run(spec, null, null)) {
                ForecastModel f = (ForecastModel) r.bestModel();
                Provenance p = f.provenance();
                assertThat(p.modelType()).isEqualTo(Provenance.ModelType.FORECASTER);
                assertThat(p.algorithm()).isEqualTo(f.algorithm());
                assertThat(p.params()).containsEntry("forecast_horizon", 12).containsEntry("seasonality", 12);
                assertThat(p.featurization()).containsEntry("time_column_name", "date").containsEntry("frequency", "MS");
                assertThat(p.trainingRows()).isEqualTo(144);
                assertThat(p.target()).isEqualTo("passengers");
                assertThat(p.members()).hasSize(f.components().size());
                for (int i = 0; i < f.components().size(); i++) {
                    ForecastModel.Component c = f.components().get(i);
                    Provenance.Member m = p.members().get(i);
                    assertThat(m.name()).isEqualTo(c.method());
                    assertThat(m.weight()).isEqualTo(c.weight());
                    if (c.lag() != null) {
                        assertThat(m.provenance()).isEqualTo(c.lag().model().provenance());
                        assertThat(m.provenance().featurization()).containsEntry("target_lags", c.lag().spec().lags());
                    } else {
                        assertThat(m.provenance().algorithm()).isEqualTo(c.method());
                    }
                }
                assertThat(tree(p)).allSatisfy(x -> assertThat(x.datasetHash()).isEqualTo(HASH));
                try (AutoCloseable back = (AutoCloseable) roundTrip(f, dir.resolve("f"))) {
                    assertThat(((ForecastModel) back).provenance().members()).hasSize(f.components().size());
                }
            }
        }
    }

    /** Composite packages written before composites had a provenance of their own (golden/*-v2). */
    @Nested
    class OldCompositePackages {
        @ParameterizedTest
        @ValueSource(strings = {"bagged-penguins-v2", "voting-penguins-v2", "stacking-penguins-v2", "forecaster-air-v2"})
        void loadWithoutAProvenanceOfTheirOwnButTheirSingleModelsKeepTheirs(String name) throws Exception {
            Model m = ModelPackage.load(GoldenPackageTest.golden(name));
            assertThat(m.provenance()).isNull();
            List<CeruleanModel> singles = new ArrayList<>();
            if (m instanceof BaggedModel b) {
                singles.addAll(b.folds());
            } else if (m instanceof EnsembleModel e) {
                e.members().forEach(x -> singles.addAll(((BaggedModel) x).folds()));
            } else {
                ((ForecastModel) m).components().stream().filter(c -> c.lag() != null).forEach(c -> singles.add(c.lag().model()));
            }
            assertThat(singles).isNotEmpty().allSatisfy(s -> {
                assertThat(s.provenance().modelType()).isEqualTo(Provenance.ModelType.SINGLE);
                assertThat(s.provenance().algorithm()).isIn("lightgbm", "elastic_net");
            });
            ((AutoCloseable) m).close();
        }
    }
}
