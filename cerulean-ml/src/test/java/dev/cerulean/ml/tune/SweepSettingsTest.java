package dev.cerulean.ml.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.spec.KindSchema;
import dev.cerulean.core.spec.ObjectShape;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.Shapes;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecException;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.core.spec.SpecSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SweepSettingsTest {
    private static final String JOB = """
            $schema: https://azuremlschemas.azureedge.net/latest/sweepJob.schema.json
            type: sweep
            trial:
              command: python train.py --lr ${{search_space.lr}} --depth ${{search_space.depth}}
              environment: azureml:lightgbm:1
            compute: azureml:cpu-cluster
            sampling_algorithm: %s
            search_space:
              lr: {type: loguniform, min_value: -6, max_value: -1}
              depth: {type: choice, values: [3, 5, 7]}
            objective: {primary_metric: accuracy, goal: Maximize}
            %s
            """;

    private static String job(String algorithm, String rest) {
        return String.format(JOB, algorithm, rest);
    }

    private static List<Problem> problems(String yaml) {
        List<Problem> out = new ArrayList<>();
        SweepSettings.read(Yaml.tree(yaml), "", out);
        return out;
    }

    @Nested
    class Reading {
        @Test
        void readsTheTuningSectionsWithAzureDefaults() {
            SweepSettings s = SweepSettings.parse(Yaml.tree(job("random", "")));
            assertThat(s.samplingAlgorithm()).isEqualTo(new SamplingAlgorithm.Random(OptionalLong.empty(), false));
            assertThat(s.objective()).isEqualTo(new Objective("accuracy", Goal.MAXIMIZE));
            assertThat(s.earlyTermination()).isEmpty();
            assertThat(s.limits()).isEqualTo(new SweepLimits(1000, 1000, 5_184_000, OptionalLong.empty()));
            assertThat(s.searchSpace().names()).containsExactly("lr", "depth");
            assertThat(s.warnings()).isEmpty();
            assertThat(s.seed(42)).isEqualTo(42);
        }

        @Test
        void readsEverySamplingAlgorithmForm() {
            assertThat(SamplingAlgorithm.parse(Yaml.tree("{type: random, seed: 7, rule: sobol}")))
                    .isEqualTo(new SamplingAlgorithm.Random(OptionalLong.of(7), true));
            assertThat(SamplingAlgorithm.parse(Yaml.tree("Bayesian"))).isEqualTo(new SamplingAlgorithm.Bayesian(OptionalLong.empty(), 0));
            assertThat(SamplingAlgorithm.parse(Yaml.tree("{type: bayesian, seed: 3, initial_trials: 8}")))
                    .isEqualTo(new SamplingAlgorithm.Bayesian(OptionalLong.of(3), 8));
            assertThat(SamplingAlgorithm.parse(Yaml.tree("{type: grid}"))).isEqualTo(new SamplingAlgorithm.Grid());
            assertThat(SamplingAlgorithm.parse(Yaml.tree("{type: cfo, initial_config: {depth: 3}}")))
                    .isEqualTo(new SamplingAlgorithm.Cfo(OptionalLong.empty(), Map.of("depth", 3L)));
            assertThat(SamplingAlgorithm.parse(Yaml.tree("{type: random, logbase: e}"))).isInstanceOf(SamplingAlgorithm.Random.class);
        }

        @Test
        void readsLimitsAndPolicies() {
            SweepSettings s = SweepSettings.parse(Yaml.tree(job("{type: random, seed: 5}", """
                    limits: {max_total_trials: 20, max_concurrent_trials: 4, timeout: PT2H, trial_timeout: 600}
                    early_termination: {type: bandit, slack_factor: 0.1, delay_evaluation: 5}
                    """)));
            assertThat(s.limits()).isEqualTo(new SweepLimits(20, 4, 7200, OptionalLong.of(600)));
            assertThat(s.earlyTermination()).contains(BanditPolicy.withSlackFactor(0.1, 1, 5));
            assertThat(s.seed(42)).isEqualTo(5);
            assertThat(SweepSettings.parse(s.toJson()).toJson()).isEqualTo(s.toJson());
        }

        @Test
        void defaultsConcurrencyToTheTotalAndWarnsWhenItIsLarger() {
            assertThat(SweepLimits.parse(Yaml.tree("{max_total_trials: 12}")).maxConcurrentTrials()).isEqualTo(12);
            List<Problem> ps = new ArrayList<>();
            SweepLimits l = SweepLimits.read(Yaml.tree("{max_total_trials: 8, max_concurrent_trials: 20, trial_timeout: 9000, timeout: 3600}"), "limits", ps);
            assertThat(l.maxConcurrentTrials()).isEqualTo(8);
            assertThat(ps).extracting(Problem::path).containsExactly("limits.max_concurrent_trials", "limits.trial_timeout");
            assertThat(ps).noneMatch(Problem::isError);
        }

        @Test
        void capsAGridSweepAtTheGridsSize() {
            String yaml = job("grid", "limits: {max_total_trials: 50}").replace("{type: loguniform, min_value: -6, max_value: -1}",
                    "{type: choice, values: [0.01, 0.1]}");
            SweepSettings s = SweepSettings.parse(Yaml.tree(yaml));
            assertThat(s.plannedTrials()).isEqualTo(6);
            assertThat(s.warnings()).extracting(Problem::path).containsExactly("limits.max_total_trials");
        }
    }

    @Nested
    class Rejecting {
        @Test
        void rejectsGridWithAContinuousExpressionNamingTheParameter() {
            List<Problem> ps = problems(job("grid", ""));
            assertThat(ps).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("search_space.lr");
                assertThat(p.message()).isEqualTo("grid sampling supports only choice expressions, but 'lr' is loguniform");
            });
        }

        @Test
        void listsProblemsFromEverySectionAtOnce() {
            String yaml = job("{type: randm}", """
                    limits: {max_total_trials: 0}
                    early_termination: {type: bandit, slack_factor: 0.1, slack_amount: 0.1}
                    """).replace("goal: Maximize", "goal: maximise").replace("max_value: -1", "max_value: -7");
            assertThatThrownBy(() -> SweepSettings.parse(Yaml.tree(yaml)))
                    .isInstanceOf(SpecException.class)
                    .satisfies(e -> assertThat(((SpecException) e).problems()).extracting(Problem::path).containsExactly(
                            "search_space.lr.min_value", "sampling_algorithm.type", "objective.goal",
                            "early_termination.slack_amount", "limits.max_total_trials"));
            List<Problem> ps = problems(yaml);
            assertThat(ps.get(1).suggestion()).isEqualTo("did you mean 'random'?");
            assertThat(ps.get(2).suggestion()).isEqualTo("did you mean 'maximize'?");
        }

        @Test
        void requiresTheRequiredSections() {
            assertThat(problems("type: sweep")).extracting(Problem::path).containsExactly("search_space", "sampling_algorithm", "objective");
            assertThat(problems(job("random", "").replace("primary_metric: accuracy, ", ""))).extracting(Problem::path)
                    .containsExactly("objective.primary_metric");
        }

        @Test
        void rejectsUnsupportedAlgorithmSettings() {
            assertThat(problems(job("{type: random, rule: halton}", ""))).extracting(Problem::path).containsExactly("sampling_algorithm.rule");
            assertThat(problems(job("{type: random, logbase: 10}", ""))).extracting(Problem::message)
                    .containsExactly("logbase '10' is not supported: log expressions use base e");
            assertThat(problems(job("{type: grid, seed: 1}", ""))).extracting(Problem::path).contains("sampling_algorithm.seed");
        }

        @Test
        void checksCfosInitialConfigurationAgainstTheSpace() {
            assertThat(problems(job("{type: cfo, initial_config: {depth: 4, trees: 3}}", ""))).extracting(Problem::path)
                    .containsExactly("sampling_algorithm.initial_config.depth", "sampling_algorithm.initial_config.trees");
        }
    }

    @Test
    void plugsIntoTheCoreSpecParser() {
        ObjectShape sweep = Shapes.object().describedAs("a sweep job")
                .required("type", Shapes.oneOf("sweep"))
                .required("trial", Shapes.any())
                .required("compute", Shapes.string())
                .required("search_space", SweepShapes.searchSpace())
                .required("sampling_algorithm", SweepShapes.samplingAlgorithm())
                .required("objective", SweepShapes.objective())
                .optional("early_termination", SweepShapes.earlyTermination())
                .optional("limits", SweepShapes.limits())
                .rule(SweepShapes.crossCheck());
        SpecParser parser = new SpecParser(SpecSchemas.standard().with(new KindSchema(SpecKind.SWEEP_JOB, sweep, "sweep")),
                dev.cerulean.core.spec.SpecFiles.NONE);

        Spec ok = parser.parse(job("random", "limits: {max_total_trials: 5}"), "sweep.yml", null, null);
        assertThat(ok.kind()).isEqualTo(SpecKind.SWEEP_JOB);
        assertThat(ok.body().get("limits").get("max_concurrent_trials").asInt()).isEqualTo(5);
        assertThat(ok.body().get("sampling_algorithm").get("type").asText()).isEqualTo("random");

        assertThatThrownBy(() -> parser.parse(job("grid", "early_termination: {type: median_stoping}"), "sweep.yml", null, null))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).problems()).extracting(Problem::render).containsExactly(
                        "early_termination.type: unknown early termination policy 'median_stoping': expected one of bandit,"
                                + " median_stopping, truncation_selection (did you mean 'median_stopping'?)"));
        assertThatThrownBy(() -> parser.parse(job("grid", ""), "sweep.yml", null, null))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("search_space.lr: grid sampling supports only choice expressions, but 'lr' is loguniform");
    }
}
