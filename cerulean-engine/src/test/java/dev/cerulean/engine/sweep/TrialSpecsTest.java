package dev.cerulean.engine.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TrialSpecsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode sweep(String trial) throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"type": "sweep", "compute": "local", "experiment_name": "tune", "trial": %s,
                 "objective": {"primary_metric": "acc", "goal": "maximize"},
                 "limits": {"max_total_trials": 4, "trial_timeout": 30}}""".formatted(trial));
    }

    @Nested
    class CommandTrials {
        @Test
        void substitutesSampledValuesIntoTheCommand() throws Exception {
            ObjectNode s = sweep("{\"type\": \"command\", \"command\": \"python t.py --lr ${{search_space.lr}} --d ${{ search_space.depth }}\"}");
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("lr", 0.001);
            config.put("depth", 5L);

            ObjectNode t = TrialSpecs.trialSpec(s, "sw", 3, config);

            assertThat(t.get("name").asText()).isEqualTo("sw_3");
            assertThat(t.get("type").asText()).isEqualTo("command");
            assertThat(t.get("command").asText()).isEqualTo("python t.py --lr 0.001 --d 5");
            assertThat(t.get("limits").get("timeout").asLong()).isEqualTo(30);
            assertThat(t.get("trial_of").get("primary_metric").asText()).isEqualTo("acc");
            assertThat(t.get("trial_of").get("number").asInt()).isEqualTo(3);
            // The trial job shares the sweep's resolved code and inputs (Job.resolved), not a copy in its spec.
            assertThat(t.has("resolved")).isFalse();
            assertThat(t.get("experiment_name").asText()).isEqualTo("tune");
        }

        @Test
        void reachesIntoNestedChoicesWithDottedNames() throws Exception {
            ObjectNode s = sweep("{\"command\": \"run --kernel ${{search_space.model.kernel}} --c ${{search_space.model.C}}\"}");
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("kernel", "rbf");
            model.put("C", 2.0);

            ObjectNode t = TrialSpecs.trialSpec(s, "sw", 0, Map.of("model", model));

            assertThat(t.get("command").asText()).isEqualTo("run --kernel rbf --c 2.0");
            assertThat(TrialSpecs.params(Map.of("model", model))).containsEntry("model.kernel", "rbf").containsEntry("model.C", "2.0");
        }

        @Test
        void refusesAReferenceTheConfigurationHasNoValueFor() throws Exception {
            ObjectNode s = sweep("{\"command\": \"run ${{search_space.missing}}\"}");

            assertThatThrownBy(() -> TrialSpecs.trialSpec(s, "sw", 0, Map.of("lr", 0.1))).isInstanceOf(InvalidParameterException.class)
                    .hasMessageContaining("search_space.missing");
        }
    }

    @Test
    void aTrainTrialGetsTheValuesAsHyperparametersOverItsOwn() throws Exception {
        ObjectNode s = sweep("""
                {"type": "train", "data": "/d.csv", "target": "y", "algorithm": "lightgbm",
                 "hyperparameters": {"num_iterations": 20, "num_leaves": 31}}""");

        ObjectNode t = TrialSpecs.trialSpec(s, "sw", 1, Map.of("num_leaves", 8L, "learning_rate", 0.05));

        assertThat(t.get("type").asText()).isEqualTo("train");
        assertThat(t.get("target").asText()).isEqualTo("y");
        assertThat(t.get("hyperparameters").get("num_iterations").asInt()).isEqualTo(20);
        assertThat(t.get("hyperparameters").get("num_leaves").asInt()).isEqualTo(8);
        assertThat(t.get("hyperparameters").get("learning_rate").asDouble()).isEqualTo(0.05);
    }

    @Test
    void formatsValuesAsCommandLineArguments() {
        assertThat(TrialSpecs.format(3L)).isEqualTo("3");
        assertThat(TrialSpecs.format(0.1)).isEqualTo("0.1");
        assertThat(TrialSpecs.format(2.0)).isEqualTo("2.0");
        assertThat(TrialSpecs.format(1e-7)).isEqualTo("1.0E-7");
        assertThat(TrialSpecs.format("rbf")).isEqualTo("rbf");
        assertThat(TrialSpecs.format(true)).isEqualTo("True");
    }
}
