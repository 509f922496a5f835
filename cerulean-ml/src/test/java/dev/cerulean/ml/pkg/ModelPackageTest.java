package dev.cerulean.ml.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.TestData;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.learn.Learners;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelPackageTest {
    static final Frame ADULT = TestData.frame("adult.csv", 400);
    static final Frame PENGUINS = TestData.frame("penguins.csv");
    static final Frame DIABETES = TestData.frame("sk_diabetes.csv");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        List<Arguments> a = new ArrayList<>();
        for (String learner : Learners.names()) {
            a.add(Arguments.of(learner, "adult", "income"));
            a.add(Arguments.of(learner, "penguins", "species"));
            a.add(Arguments.of(learner, "diabetes", "target"));
        }
        return a.stream();
    }

    private static Frame data(String name) {
        return switch (name) {
            case "adult" -> ADULT;
            case "penguins" -> PENGUINS;
            default -> DIABETES;
        };
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("cases")
    void everyLearnerRoundTripsThroughAPackage(String learner, String dataName, String target) throws Exception {
        Frame data = data(dataName);
        CeruleanModel model = Training.train(TrainSpec.builder().frame(data).target(target).algorithm(learner).seed(5).cvFolds(0)
                .datasetHash("sha256:abc").build()).model();
        Path pkg = dir.resolve("m");
        Frame input = data.drop(List.of(target));
        ModelPackage.save(model, pkg, ModelPackage.SaveOptions.withExample(input));

        Model loaded = ModelPackage.load(pkg);
        assertThat(loaded).isInstanceOf(CeruleanModel.class);
        assertThat(loaded.signature()).isEqualTo(model.signature());
        Predictions before = model.predict(input);
        Predictions after = loaded.predict(input);
        assertThat(after.raw()).containsExactly(before.raw());
        assertThat(after.classes()).isEqualTo(before.classes());
        CeruleanModel back = (CeruleanModel) loaded;
        assertThat(back.provenance().datasetHash()).isEqualTo("sha256:abc");
        assertThat(back.provenance().params()).isEqualTo(model.provenance().params());
        back.close();
        model.close();
    }

    @Nested
    class Layout {
        @Test
        @SuppressWarnings("unchecked")
        void mlmodelHasFlavorsSignatureAndExample() throws Exception {
            CeruleanModel model = Training.train(TrainSpec.builder().frame(ADULT).target("income").algorithm("xgboost").seed(1)
                    .cvFolds(0).build()).model();
            Path pkg = dir.resolve("x");
            ModelPackage.save(model, pkg, new ModelPackage.SaveOptions(ADULT, "run-1", "model", Map.of("owner", "me")));
            assertThat(Files.list(pkg).map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("MLmodel", "model.ubj",
                    "featurizer.json", "provenance.json", "input_example.json", "serving_input_example.json");

            Map<String, Object> ml = ModelPackage.readMlmodel(pkg);
            Map<String, Object> flavors = (Map<String, Object>) ml.get("flavors");
            Map<String, Object> cer = (Map<String, Object>) flavors.get("cerulean");
            assertThat(cer).containsEntry("format_version", 1).containsEntry("learner", "xgboost").containsEntry("task", "binary");
            Map<String, Object> xgb = (Map<String, Object>) flavors.get("xgboost");
            assertThat(xgb).containsEntry("data", "model.ubj").containsEntry("model_format", "ubj").containsKeys("xgb_version",
                    "model_class");
            assertThat(ml).containsEntry("run_id", "run-1").containsEntry("artifact_path", "model").containsKey("model_uuid");
            Map<String, Object> sig = (Map<String, Object>) ml.get("signature");
            List<Map<String, Object>> inputs = JSON.readValue((String) sig.get("inputs"), List.class);
            assertThat(inputs.get(0)).containsEntry("name", "age").containsEntry("type", "long").containsEntry("required", true);
            assertThat(inputs).extracting(m -> m.get("name")).doesNotContain("income");
            List<Map<String, Object>> outputs = JSON.readValue((String) sig.get("outputs"), List.class);
            assertThat(outputs).extracting(m -> m.get("name")).containsExactly("prediction", "probability_<=50K", "probability_>50K");
            assertThat((Map<String, Object>) ml.get("saved_input_example_info")).containsEntry("artifact_path", "input_example.json")
                    .containsEntry("pandas_orient", "split").containsEntry("type", "dataframe");

            Map<String, Object> example = JSON.readValue(pkg.resolve("input_example.json").toFile(), Map.class);
            assertThat((List<String>) example.get("columns")).startsWith("age", "workclass").doesNotContain("income");
            assertThat((List<?>) example.get("data")).hasSize(5);
            Map<String, Object> serving = JSON.readValue(pkg.resolve("serving_input_example.json").toFile(), Map.class);
            assertThat(serving).containsKey("dataframe_split");
            Map<String, Object> prov = JSON.readValue(pkg.resolve("provenance.json").toFile(), Map.class);
            assertThat(prov).containsEntry("algorithm", "xgboost").containsEntry("seed", 1).containsKeys("libraries", "java_version",
                    "created_at", "params");
            assertThatThrownBy(() -> ModelPackage.save(model, pkg, ModelPackage.SaveOptions.NONE))
                    .hasMessageContaining("exists and is not empty");
        }

        @Test
        void newerFormatVersionIsRefusedClearly() throws Exception {
            CeruleanModel model = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("knn").cvFolds(0)
                    .build()).model();
            Path pkg = dir.resolve("k");
            ModelPackage.save(model, pkg, ModelPackage.SaveOptions.NONE);
            Path ml = pkg.resolve("MLmodel");
            Files.writeString(ml, Files.readString(ml).replace("format_version: 1", "format_version: 3"));
            assertThatThrownBy(() -> ModelPackage.load(pkg)).isInstanceOf(CeruleanException.class)
                    .hasMessage("the model package has format_version 3, newer than this Cerulean understands (2); upgrade Cerulean to load it")
                    .satisfies(e -> assertThat(((CeruleanException) e).code()).isEqualTo(ErrorCode.NOT_SUPPORTED));
            assertThatThrownBy(() -> ModelPackage.load(dir)).hasMessageContaining("has no MLmodel file");
        }
    }

    @Nested
    class Scoring {
        @Test
        void predictionsCsvKeepsRowOrderAndNamesColumns() throws Exception {
            CeruleanModel model = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("lightgbm").cvFolds(0)
                    .build()).model();
            Frame rows = PENGUINS.take(new int[] {300, 0, 150});
            StringWriter out = new StringWriter();
            model.predict(rows).writeCsv(out);
            String[] lines = out.toString().split("\n");
            assertThat(lines[0]).isEqualTo("prediction,probability_Adelie,probability_Chinstrap,probability_Gentoo");
            assertThat(lines).hasSize(4);
            for (int i = 0; i < 3; i++) {
                assertThat(lines[i + 1]).startsWith(rows.column("species").get(i) + ",");
            }
        }

        @Test
        void batchScoringACsvWithTheSignaturesKinds() throws Exception {
            CeruleanModel model = Training.train(TrainSpec.builder().frame(PENGUINS).target("species").algorithm("elastic_net")
                    .cvFolds(0).build()).model();
            Path pkg = dir.resolve("en");
            ModelPackage.save(model, pkg, ModelPackage.SaveOptions.NONE);
            Path csv = dir.resolve("in.csv");
            // Integer-looking year, no species column, an extra column, a row with missing values.
            Files.writeString(csv, "extra,island,bill_length_mm,bill_depth_mm,flipper_length_mm,body_mass_g,sex,year\n"
                    + "1,Biscoe,46.1,13.2,211,4500,female,2007\n2,Dream,,,,,,2008\n");
            Model m = ModelPackage.load(pkg);
            Frame in = dev.cerulean.ml.frame.FrameReader.read(dev.cerulean.ml.data.TableSource.of(csv),
                    new dev.cerulean.ml.frame.FrameReader.Options(m.signature().inputKinds(), null, 0));
            Predictions p = m.predict(in);
            assertThat(p.size()).isEqualTo(2);
            assertThat(p.label(0)).isEqualTo("Gentoo");
        }

        @Test
        void oneRowFromARequestWithUnknownCategoryAndStringNumbers() {
            CeruleanModel model = Training.train(TrainSpec.builder().frame(ADULT).target("income").algorithm("lightgbm").cvFolds(0)
                    .build()).model();
            List<String> cols = model.signature().inputNames();
            List<Object> row = new ArrayList<>();
            for (String c : cols) {
                row.add(switch (c) {
                    case "age" -> "52";
                    case "workclass" -> "Astronaut";
                    default -> ADULT.column(c).get(3);
                });
            }
            Frame req = Frame.fromRows(cols, List.of(row), model.signature().inputKinds());
            Predictions p = model.predict(req);
            assertThat(p.size()).isEqualTo(1);
            assertThat(p.probability(0, 0) + p.probability(0, 1)).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
            row.set(cols.indexOf("age"), "fifty");
            assertThatThrownBy(() -> Frame.fromRows(cols, List.of(row), model.signature().inputKinds()))
                    .isInstanceOf(InvalidParameterException.class).hasMessage("column 'age' row 0: value 'fifty' is not a number");
        }
    }

    @Nested
    class Foreign {
        private final float[] x = {1, 2, 0, 3, 1, 1, 0, 0, 5, 2, 2, 2, 4, 1, 0, 1, 3, 3, 0, 1};
        private final float[] y = {1, 0, 1, 0, 1, 0, 1, 1, 0, 0};

        private Frame frame() {
            double[] a = new double[10];
            double[] b = new double[10];
            for (int i = 0; i < 10; i++) {
                a[i] = x[2 * i];
                b[i] = x[2 * i + 1];
            }
            // Columns in another order than the model's: the signature decides.
            return Frame.of(NumericColumn.of("b", b), NumericColumn.of("a", a));
        }

        @Test
        void xgboostFlavorFromElsewhere() throws Exception {
            DMatrix d = new DMatrix(x, 10, 2, Float.NaN);
            d.setLabel(y);
            Booster booster = XGBoost.train(d, Map.of("objective", "binary:logistic", "nthread", 1, "seed", 0), 5, Map.of(), null, null);
            float[][] raw = booster.predict(d);
            Path pkg = Files.createDirectories(dir.resolve("xgb"));
            booster.saveModel(pkg.resolve("model.ubj").toString());
            Files.writeString(pkg.resolve("MLmodel"), """
                    flavors:
                      xgboost:
                        xgb_version: 2.1.0
                        data: model.ubj
                        model_class: xgboost.sklearn.XGBClassifier
                        model_format: ubj
                    signature:
                      inputs: '[{"type": "double", "name": "a"}, {"type": "double", "name": "b"}]'
                      outputs: null
                    """);
            Model m = ModelPackage.load(pkg);
            assertThat(m.task()).isEqualTo(Task.BINARY);
            assertThat(m.signature().inputNames()).containsExactly("a", "b");
            Predictions p = m.predict(frame());
            for (int i = 0; i < 10; i++) {
                assertThat(p.probability(i, 1)).isCloseTo(raw[i][0], org.assertj.core.api.Assertions.within(1e-6));
            }
            assertThatThrownBy(() -> m.predict(Frame.of(NumericColumn.of("a", 1)))).hasMessageContaining("no column 'b'");
            // An imported model has no Cerulean package form: copy its directory instead.
            assertThatThrownBy(() -> ModelPackage.save(m, dir.resolve("copy"), ModelPackage.SaveOptions.NONE))
                    .isInstanceOf(dev.cerulean.core.InvalidParameterException.class)
                    .hasMessageContaining("only models trained by Cerulean can be saved");
        }

        @Test
        void lightgbmFlavorWithoutSignatureUsesTheBoostersFeatureNames() throws Exception {
            double[] xd = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                xd[i] = x[i];
            }
            String text;
            try (LGBMDataset ds = LGBMDataset.createFromMat(xd, 10, 2, true, "min_data_in_leaf=1 min_data_in_bin=1", null)) {
                ds.setField("label", y);
                ds.setFeatureNames(new String[] {"a", "b"});
                LGBMBooster b = LGBMBooster.create(ds, "objective=regression min_data_in_leaf=1 verbose=-1 num_threads=1");
                for (int i = 0; i < 5; i++) {
                    b.updateOneIter();
                }
                text = b.saveModelToString(0, 0, LGBMBooster.FeatureImportanceType.SPLIT);
                b.close();
            }
            Path pkg = Files.createDirectories(dir.resolve("lgb"));
            Files.writeString(pkg.resolve("model.lgb"), text);
            Files.writeString(pkg.resolve("MLmodel"), "flavors:\n  lightgbm:\n    lgb_version: 4.3.0\n    data: model.lgb\n"
                    + "    model_class: lightgbm.basic.Booster\n");
            Model m = ModelPackage.load(pkg);
            assertThat(m.task()).isEqualTo(Task.REGRESSION);
            assertThat(m.signature().inputNames()).containsExactly("a", "b");
            assertThat(m.predict(frame()).size()).isEqualTo(10);
        }

        @Test
        void onnxFlavorScoresThroughOnnxRuntime() throws Exception {
            Path pkg = Files.createDirectories(dir.resolve("onnx"));
            Files.write(pkg.resolve("model.onnx"), OnnxBytes.linear(new float[] {2, -1}));
            Files.writeString(pkg.resolve("MLmodel"), """
                    flavors:
                      onnx:
                        onnx_version: 1.16.0
                        data: model.onnx
                        providers: [CPUExecutionProvider]
                    signature:
                      inputs: '[{"type": "float", "name": "a"}, {"type": "float", "name": "b"}]'
                    """);
            Model m = ModelPackage.load(pkg);
            assertThat(m.task()).isEqualTo(Task.REGRESSION);
            Predictions p = m.predict(frame());
            for (int i = 0; i < 10; i++) {
                assertThat(p.value(i)).isEqualTo(2 * x[2 * i] - x[2 * i + 1]);
            }
        }

        @Test
        void unsupportedFlavorIsNamed() throws Exception {
            Path pkg = Files.createDirectories(dir.resolve("sk"));
            Files.writeString(pkg.resolve("MLmodel"), "flavors:\n  sklearn:\n    pickled_model: model.pkl\n");
            assertThatThrownBy(() -> ModelPackage.load(pkg)).hasMessageContaining("[sklearn]")
                    .hasMessageContaining("cerulean, xgboost, lightgbm and onnx");
        }
    }
}
