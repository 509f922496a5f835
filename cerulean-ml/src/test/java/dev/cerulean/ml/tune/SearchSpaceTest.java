package dev.cerulean.ml.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    private static List<Problem> problems(String yaml) {
        List<Problem> out = new ArrayList<>();
        SearchSpace.read(Yaml.tree(yaml), "search_space", out);
        return out;
    }

    private static Problem only(List<Problem> ps) {
        assertThat(ps.stream().filter(Problem::isError)).hasSize(1);
        return ps.stream().filter(Problem::isError).findFirst().orElseThrow();
    }

    @Nested
    class Reading {
        @Test
        void readsEveryAzureExpressionType() {
            SearchSpace s = SearchSpace.parse(Yaml.tree("""
                    lr: {type: loguniform, min_value: -6, max_value: -1}
                    depth: {type: choice, values: [3, 5, 7]}
                    layers: {type: randint, upper: 4}
                    dropout: {type: uniform, min_value: 0.1, max_value: 0.5}
                    batch: {type: quniform, min_value: 16, max_value: 128, q: 16}
                    units: {type: qloguniform, min_value: 2, max_value: 6, q: 8}
                    momentum: {type: normal, mu: 0.9, sigma: 0.02}
                    width: {type: qnormal, mu: 64, sigma: 8, q: 4}
                    scale: {type: lognormal, mu: 0, sigma: 1}
                    rounds: {type: qlognormal, mu: 4, sigma: 0.5, q: 10}
                    """));
            assertThat(s.names()).containsExactly("lr", "depth", "layers", "dropout", "batch", "units", "momentum", "width", "scale", "rounds");
            assertThat(s.parameters().get("lr")).isEqualTo(new Distribution.LogUniform(-6, -1));
            assertThat(s.parameters().get("depth")).isEqualTo(Choice.of(3L, 5L, 7L));
            assertThat(s.parameters().get("layers")).isEqualTo(new Distribution.RandInt(4));
            assertThat(s.parameters().get("batch")).isEqualTo(new Distribution.QUniform(16, 128, 16));
            assertThat(s.parameters().get("rounds")).isEqualTo(new Distribution.QLogNormal(4, 0.5, 10));
        }

        @Test
        void readsTheRestListForm() {
            SearchSpace s = SearchSpace.parse(Yaml.tree("""
                    {"lr": ["loguniform", [-6, -1]], "depth": ["choice", [[3, 5, 7]]], "n": ["randint", [10]]}
                    """));
            assertThat(s.parameters().get("lr")).isEqualTo(new Distribution.LogUniform(-6, -1));
            assertThat(s.parameters().get("depth")).isEqualTo(Choice.of(3L, 5L, 7L));
            assertThat(s.parameters().get("n")).isEqualTo(new Distribution.RandInt(10));
        }

        @Test
        void acceptsNumbersWrittenAsStringsAndTypesInAnyCase() {
            SearchSpace s = SearchSpace.parse(Yaml.tree("lr: {type: Uniform, min_value: '0.1', max_value: '0.2'}"));
            assertThat(s.parameters().get("lr")).isEqualTo(new Distribution.Uniform(0.1, 0.2));
        }

        @Test
        void readsNestedChoicesAsBranches() {
            SearchSpace s = SearchSpace.parse(Yaml.tree("""
                    model:
                      type: choice
                      values:
                        - {kernel: linear, C: {type: uniform, min_value: 0.1, max_value: 10}}
                        - {kernel: rbf, gamma: {type: loguniform, min_value: -7, max_value: 0}, C: ["uniform", [1, 2]]}
                        - {space1: true}
                    """));
            Choice c = (Choice) s.parameters().get("model");
            assertThat(c.values().get(0)).isInstanceOf(Branch.class);
            Branch rbf = (Branch) c.values().get(1);
            assertThat(rbf.entries().get("gamma")).isEqualTo(new Distribution.LogUniform(-7, 0));
            assertThat(rbf.entries().get("C")).isEqualTo(new Distribution.Uniform(1, 2));
            assertThat(c.values().get(2)).isEqualTo(Map.of("space1", true));
            assertThat(s.nonChoiceExpressions()).containsOnlyKeys("model.values[0].C", "model.values[1].gamma", "model.values[1].C");
        }

        @Test
        void samplesNestedBranchesIntoMaps() {
            SearchSpace s = SearchSpace.parse(Yaml.tree("""
                    model:
                      type: choice
                      values:
                        - {kernel: linear, C: {type: uniform, min_value: 0.1, max_value: 10}}
                        - {kernel: rbf, gamma: {type: loguniform, min_value: -7, max_value: 0}}
                    """));
            SplittableRandom rng = new SplittableRandom(1);
            int linear = 0;
            for (int i = 0; i < 200; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) s.sample(rng).get("model");
                if (m.get("kernel").equals("linear")) {
                    linear++;
                    assertThat(m).containsOnlyKeys("kernel", "C");
                    assertThat((Double) m.get("C")).isBetween(0.1, 10.0);
                } else {
                    assertThat(m).containsOnlyKeys("kernel", "gamma");
                    assertThat((Double) m.get("gamma")).isBetween(Math.exp(-7), 1.0);
                }
            }
            assertThat(linear).isBetween(70, 130);
        }

        @Test
        void writesBackTheFormItRead() {
            String yaml = """
                    lr: {type: loguniform, min_value: -6, max_value: -1}
                    depth: {type: choice, values: [3, 'a', {k: 1, x: {type: uniform, min_value: 0, max_value: 1}}]}
                    w: {type: qnormal, mu: 1, sigma: 2, q: 0.5}
                    """;
            SearchSpace s = SearchSpace.parse(Yaml.tree(yaml));
            assertThat(SearchSpace.parse(s.toJson())).isEqualTo(s);
        }

        @Test
        void flattensNestedValuesToDottedNames() {
            assertThat(SearchSpace.flatten(Map.of("model", Map.of("kernel", "rbf"))))
                    .containsExactly(Map.entry("model.kernel", "rbf"));
        }
    }

    @Nested
    class Rejecting {
        @Test
        void suggestsTheNearestTypeForAnUnknownOne() {
            Problem p = only(problems("lr: {type: unifrom, min_value: 0, max_value: 1}"));
            assertThat(p.path()).isEqualTo("search_space.lr.type");
            assertThat(p.message()).contains("unknown expression type 'unifrom'");
            assertThat(p.suggestion()).isEqualTo("did you mean 'uniform'?");
        }

        @Test
        void rejectsMinNotBelowMax() {
            Problem p = only(problems("lr: {type: uniform, min_value: 5, max_value: 1}"));
            assertThat(p.path()).isEqualTo("search_space.lr.min_value");
            assertThat(p.message()).isEqualTo("min_value 5 must be less than max_value 1");
            assertThat(p.suggestion()).isEqualTo("swap the two bounds");
            assertThat(only(problems("lr: {type: loguniform, min_value: -2, max_value: -2}")).path()).isEqualTo("search_space.lr.min_value");
        }

        @Test
        void suggestsTheNearestFieldForAnUnknownOne() {
            List<Problem> ps = problems("lr: {type: uniform, min_val: 0, max_value: 1}");
            assertThat(ps).extracting(Problem::path).contains("search_space.lr.min_val", "search_space.lr.min_value");
            Problem unknown = ps.stream().filter(p -> p.path().endsWith("min_val")).findFirst().orElseThrow();
            assertThat(unknown.suggestion()).isEqualTo("did you mean 'min_value'?");
        }

        @Test
        void namesMissingFieldsAndGuessesAMissingType() {
            assertThat(only(problems("lr: {type: normal, mu: 0}")).path()).isEqualTo("search_space.lr.sigma");
            Problem p = only(problems("lr: {values: [1, 2]}"));
            assertThat(p.path()).isEqualTo("search_space.lr.type");
            assertThat(p.suggestion()).isEqualTo("add type: choice");
        }

        @Test
        void rejectsBadArguments() {
            assertThat(only(problems("s: {type: normal, mu: 0, sigma: 0}")).path()).isEqualTo("search_space.s.sigma");
            assertThat(only(problems("s: {type: quniform, min_value: 0, max_value: 4, q: -1}")).path()).isEqualTo("search_space.s.q");
            assertThat(only(problems("s: {type: randint, upper: 0}")).message()).contains("upper must be at least 1");
            assertThat(only(problems("s: {type: randint, upper: 2.5}")).message()).contains("expected an integer");
            assertThat(only(problems("s: {type: choice, values: []}")).message()).contains("at least one value");
            assertThat(only(problems("s: {type: choice, values: 3}")).suggestion()).isEqualTo("write values: [3]");
            assertThat(only(problems("s: {type: uniform, min_value: abc, max_value: 1}")).message()).contains("expected a number, got 'abc'");
        }

        @Test
        void rejectsAConstantWhereAnExpressionBelongs() {
            Problem p = only(problems("lr: 0.1"));
            assertThat(p.message()).isEqualTo("expected a parameter expression, got '0.1'");
            assertThat(p.suggestion()).contains("{type: choice, values: [0.1]}");
        }

        @Test
        void rejectsAnEmptySpaceAndBadNames() {
            assertThat(only(problems("{}")).message()).contains("no hyperparameters");
            assertThat(only(problems("'a.b': {type: randint, upper: 3}")).message()).contains("contains '.'");
        }

        @Test
        void findsMisspeltTypesInsideBranches() {
            Problem p = only(problems("m: {type: choice, values: [{C: {type: unifrom, min_value: 0, max_value: 1}}]}"));
            assertThat(p.path()).isEqualTo("search_space.m.values[0].C.type");
            assertThat(p.suggestion()).isEqualTo("did you mean 'uniform'?");
        }

        @Test
        void reportsRestFormProblemsByPosition() {
            Problem p = only(problems("{\"lr\": [\"uniform\", [2, 1]]}"));
            assertThat(p.path()).isEqualTo("search_space.lr[1][0] (min_value)");
            assertThat(only(problems("{\"lr\": [\"uniform\", [1]]}")).message()).contains("takes 2 arguments");
        }

        @Test
        void listsEveryProblemInOneException() {
            assertThatThrownBy(() -> SearchSpace.parse(Yaml.tree("""
                    a: {type: unifrom, min_value: 0, max_value: 1}
                    b: {type: uniform, min_value: 3, max_value: 1}
                    c: {type: normal, mu: 0, sigma: -1}
                    """)))
                    .isInstanceOf(SpecException.class)
                    .satisfies(e -> assertThat(((SpecException) e).problems()).extracting(Problem::path)
                            .containsExactly("search_space.a.type", "search_space.b.min_value", "search_space.c.sigma"))
                    .hasMessageContaining("has 3 problems");
        }

        @Test
        void warnsWhenLogBoundsLookLikeValues() {
            List<Problem> ps = problems("lr: {type: loguniform, min_value: 0.0001, max_value: 0.1}");
            assertThat(ps).hasSize(1);
            Problem w = ps.get(0);
            assertThat(w.isError()).isFalse();
            assertThat(w.path()).isEqualTo("search_space.lr.min_value");
            assertThat(w.suggestion()).contains("min_value: -9.21").contains("max_value: -2.303");
        }

        @Test
        void rejectsBadExpressionsBuiltInCode() {
            assertThatThrownBy(() -> new Distribution.Uniform(2, 1)).isInstanceOf(InvalidParameterException.class)
                    .hasMessage("uniform: min_value 2.0 must be less than max_value 1.0");
            assertThatThrownBy(() -> new Distribution.Normal(0, 0)).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("sigma must be a positive number");
            assertThatThrownBy(() -> SearchSpace.of(Map.of())).isInstanceOf(InvalidParameterException.class);
        }
    }
}
