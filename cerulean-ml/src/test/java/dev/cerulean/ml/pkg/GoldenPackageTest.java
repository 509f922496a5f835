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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Packages written by format_version 1 (kept under test resources) must keep loading and predicting the
 * same: a change to the package layout, the featurizer's JSON or a learner's file has to stay readable.
 */
class GoldenPackageTest {
    private static Path golden(String name) throws URISyntaxException {
        return Path.of(GoldenPackageTest.class.getResource("/golden/" + name).toURI());
    }

    @ParameterizedTest
    @ValueSource(strings = {"elastic_net", "xgboost"})
    void formatVersionOnePackagesStillPredictTheSame(String learner) throws Exception {
        Model m = ModelPackage.load(golden(learner + "-penguins-v1"));
        Frame input = FrameReader.read(TableSource.of(golden("penguins-input.csv")));
        Predictions p = m.predict(input);
        StringWriter out = new StringWriter();
        p.writeCsv(out);
        List<String> got = out.toString().lines().toList();
        List<String> want = Files.readAllLines(golden(learner + "-penguins-v1.expected.csv"));
        assertThat(got).hasSameSizeAs(want);
        assertThat(got.get(0)).isEqualTo(want.get(0));
        for (int i = 1; i < want.size(); i++) {
            String[] g = got.get(i).split(",");
            String[] w = want.get(i).split(",");
            assertThat(g[0]).as("label row " + i).isEqualTo(w[0]);
            for (int k = 1; k < w.length; k++) {
                assertThat(Double.parseDouble(g[k])).isCloseTo(Double.parseDouble(w[k]), within(1e-9));
            }
        }
    }
}
