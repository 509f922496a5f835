package dev.cerulean.service.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecException;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import org.junit.jupiter.api.Test;

class SweepSchemasTest {
    private final SpecParser parser = new SpecParser(SweepSchemas.workspace(), LocalSpecFiles.INSTANCE);

    private static final String TRIAL = "trial: {command: 'python t.py ${{search_space.lr}}'}\n"
            + "objective: {primary_metric: acc, goal: maximize}\n";

    private void rejects(String yaml, String path) {
        assertThatThrownBy(() -> parser.parse(yaml, null, null, null)).isInstanceOfSatisfying(SpecException.class,
                e -> assertThat(e.problems()).filteredOn(Problem::isError).extracting(Problem::path).contains(path));
    }

    @Test
    void normalisesAValidSweep() {
        Spec s = parser.parse("type: sweep\n" + TRIAL + "sampling_algorithm: random\n"
                + "search_space: {lr: {type: loguniform, min_value: -6, max_value: -1}}\n"
                + "early_termination: {type: median_stopping}\n", null, null, null);

        assertThat(s.kind()).isEqualTo(SpecKind.SWEEP_JOB);
        assertThat(s.body().get("trial").get("type").asText()).isEqualTo("command");
        assertThat(s.body().get("early_termination").get("evaluation_interval").asInt()).isEqualTo(1);
    }

    @Test
    void refusesGridWithAContinuousExpression() {
        rejects("type: sweep\n" + TRIAL + "sampling_algorithm: grid\nsearch_space: {lr: {type: uniform, min_value: 0, max_value: 1}}\n",
                "search_space.lr");
    }

    @Test
    void refusesBanditWithBothSlacks() {
        rejects("type: sweep\n" + TRIAL + "sampling_algorithm: random\nsearch_space: {lr: {type: choice, values: [1, 2]}}\n"
                + "early_termination: {type: bandit, slack_factor: 0.1, slack_amount: 0.2}\n", "early_termination.slack_amount");
    }

    @Test
    void refusesAnUnknownEarlyTerminationType() {
        rejects("type: sweep\n" + TRIAL + "sampling_algorithm: random\nsearch_space: {lr: {type: choice, values: [1, 2]}}\n"
                + "early_termination: {type: hyperband}\n", "early_termination.type");
    }

    @Test
    void refusesAMissingObjective() {
        rejects("type: sweep\ntrial: {command: 'python t.py'}\nsampling_algorithm: random\n"
                + "search_space: {lr: {type: choice, values: [1, 2]}}\n", "objective");
    }

    @Test
    void refusesAReferenceToAnUndeclaredHyperparameter() {
        rejects("type: sweep\n" + TRIAL + "sampling_algorithm: random\nsearch_space: {rate: {type: choice, values: [1, 2]}}\n",
                "trial.command");
    }

    @Test
    void isFoundByTheDefaultParserThroughServiceLoader() {
        assertThatThrownBy(() -> new SpecParser(LocalSpecFiles.INSTANCE).parse("type: sweep\n" + TRIAL + "sampling_algorithm: grid\n"
                + "search_space: {lr: {type: uniform, min_value: 0, max_value: 1}}\n", null, null, null))
                .isInstanceOfSatisfying(SpecException.class,
                        e -> assertThat(e.problems()).extracting(Problem::path).contains("search_space.lr"));
    }

    @Test
    void acceptsATrainTrial() {
        Spec s = parser.parse("type: sweep\ntrial: {type: train, data: /tmp, target: y}\nsampling_algorithm: bayesian\n"
                + "search_space: {num_leaves: {type: randint, upper: 64}}\nobjective: {primary_metric: AUC_weighted, goal: maximize}\n",
                null, null, null);

        assertThat(s.body().get("trial").get("algorithm").asText()).isEqualTo("lightgbm");
    }
}
