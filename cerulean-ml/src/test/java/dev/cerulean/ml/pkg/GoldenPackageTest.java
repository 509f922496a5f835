package dev.cerulean.ml.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Predictions;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packages written by earlier versions of the layout (kept under test resources) must keep loading and
 * predicting the same: a change to the package layout, the featurizer's JSON or a learner's file has to stay
 * readable. {@code *-v1} are single models (format_version 1); {@code *-v2} are the composite models
 * (format_version 2) as the code at commit 5c78720 wrote them, before packages carried a provenance of their
 * own at the top level.
 */
class GoldenPackageTest {
    static Path golden(String name) throws URISyntaxException {
        return Path.of(GoldenPackageTest.class.getResource("/golden/" + name).toURI());
    }

    /** The package's predictions for its input table, against the ones recorded when it was written. */
    static void predictsAsRecorded(Model m, String name, String input) throws Exception {
        Frame rows = FrameReader.read(TableSource.of(golden(input)), new FrameReader.Options(m.signature().inputKinds(), null, 0));
        Predictions p = m.predict(rows);
        StringWriter out = new StringWriter();
        p.writeCsv(out);
        List<String> got = out.toString().lines().toList();
        List<String> want = Files.readAllLines(golden(name + ".expected.csv"));
        assertThat(got).hasSameSizeAs(want);
        assertThat(got.get(0)).isEqualTo(want.get(0));
        boolean labelled = m.task().isClassification();
        for (int i = 1; i < want.size(); i++) {
            String[] g = got.get(i).split(",");
            String[] w = want.get(i).split(",");
            if (labelled) {
                assertThat(g[0]).as("label row " + i).isEqualTo(w[0]);
            }
            for (int k = labelled ? 1 : 0; k < w.length; k++) {
                assertThat(Double.parseDouble(g[k])).as("row " + i + " column " + k).isCloseTo(Double.parseDouble(w[k]), within(1e-9));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"elastic_net", "xgboost"})
    void formatVersionOnePackagesStillPredictTheSame(String learner) throws Exception {
        Model m = ModelPackage.load(golden(learner + "-penguins-v1"));
        predictsAsRecorded(m, learner + "-penguins-v1", "penguins-input.csv");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"bagged-penguins-v2, penguins-input.csv, BaggedModel", "voting-penguins-v2, penguins-input.csv, EnsembleModel",
        "stacking-penguins-v2, penguins-input.csv, EnsembleModel", "forecaster-air-v2, air-input.csv, ForecastModel"})
    void formatVersionTwoCompositePackagesStillPredictTheSame(String name, String input, String type) throws Exception {
        Model m = ModelPackage.load(golden(name));
        assertThat(m.getClass().getSimpleName()).isEqualTo(type);
        predictsAsRecorded(m, name, input);
    }
}
