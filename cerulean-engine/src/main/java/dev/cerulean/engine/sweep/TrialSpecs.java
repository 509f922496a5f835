package dev.cerulean.engine.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.tune.SearchSpace;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a sweep's trial becomes a job: the trial's command with {@code ${{search_space.x}}} replaced by
 * the sampled values, or the train trial with the values as its hyperparameters; the sweep's
 * resolved code and inputs (the trial job shares the sweep's); the trial timeout; and what the trial
 * must log before it ends ({@code trial_of}).
 */
final class TrialSpecs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEARCH_SPACE = Pattern.compile("\\$\\{\\{\\s*search_space\\.([A-Za-z0-9_.]+)\\s*}}");

    private TrialSpecs() {
    }

    /** The type of job a sweep's trials are: {@code command} or {@code train}. */
    static String trialType(ObjectNode sweepSpec) {
        return sweepSpec.path("trial").path("type").asText("command");
    }

    /**
     * The spec of one trial.
     *
     * @param sweepName the sweep job's name
     * @param number    the trial's number (0-based)
     * @param config    the sampled configuration (nested choices as maps)
     */
    static ObjectNode trialSpec(ObjectNode sweepSpec, String sweepName, int number, Map<String, Object> config) {
        ObjectNode trial = sweepSpec.get("trial").deepCopy();
        String type = trialType(sweepSpec);
        ObjectNode out = JSON.createObjectNode();
        out.put("type", type);
        out.put("name", sweepName + "_" + number);
        out.put("compute", sweepSpec.path("compute").asText("local"));
        if (sweepSpec.has("experiment_name")) {
            out.set("experiment_name", sweepSpec.get("experiment_name"));
        }
        Map<String, Object> flat = SearchSpace.flatten(config);
        if (type.equals("command")) {
            out.put("command", substitute(trial.get("command").asText(), config, flat));
            if (trial.has("environment_variables")) {
                out.set("environment_variables", trial.get("environment_variables"));
            }
        } else {
            for (String f : List.of("data", "target", "task", "algorithm", "cv_folds", "validation_size", "seed", "group_column",
                    "feature_columns")) {
                if (trial.has(f)) {
                    out.set(f, trial.get(f));
                }
            }
            ObjectNode hyper = trial.has("hyperparameters") ? (ObjectNode) trial.get("hyperparameters").deepCopy() : JSON.createObjectNode();
            flat.forEach((k, v) -> hyper.set(k, JSON.valueToTree(v)));
            out.set("hyperparameters", hyper);
        }
        Long timeout = trialTimeout(sweepSpec);
        if (timeout != null) {
            out.putObject("limits").put("timeout", timeout);
        }
        ObjectNode of = out.putObject("trial_of");
        of.put("sweep", sweepName);
        of.put("number", number);
        of.put("primary_metric", sweepSpec.path("objective").path("primary_metric").asText());
        return out;
    }

    /** The trial's time limit: {@code limits.trial_timeout}, else the trial's own {@code limits.timeout}. */
    static Long trialTimeout(ObjectNode sweepSpec) {
        JsonNode t = sweepSpec.path("limits").path("trial_timeout");
        if (t.canConvertToLong()) {
            return t.asLong();
        }
        JsonNode own = sweepSpec.path("trial").path("limits").path("timeout");
        return own.canConvertToLong() ? own.asLong() : null;
    }

    /** The run parameters of a trial: its values with nested choices flattened, as the runner would log them. */
    static Map<String, String> params(Map<String, Object> config) {
        Map<String, String> out = new LinkedHashMap<>();
        // Through JSON, as a train trial's hyperparameters travel, so that both log the same text.
        SearchSpace.flatten(config).forEach((k, v) -> out.put(k, String.valueOf(JSON.convertValue(JSON.valueToTree(v), Object.class))));
        return out;
    }

    /** The command with every {@code ${{search_space.x}}} replaced (dotted names reach into nested choices). */
    static String substitute(String command, Map<String, Object> config, Map<String, Object> flat) {
        Matcher m = SEARCH_SPACE.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object v = flat.containsKey(name) ? flat.get(name) : config.get(name);
            if (v == null && !flat.containsKey(name) && !config.containsKey(name)) {
                throw new InvalidParameterException("the trial's command refers to ${{search_space." + name
                        + "}}, which this trial's configuration has no value for", "trial.command");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(format(v)));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** A value as a command-line argument: integers without a decimal point, reals in plain notation. */
    static String format(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                return d.toString();
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return BigDecimal.valueOf(d).setScale(1).toPlainString();
            }
            double a = Math.abs(d);
            return a != 0 && (a < 1e-4 || a >= 1e15) ? d.toString() : BigDecimal.valueOf(d).toPlainString();
        }
        if (v instanceof Float f) {
            return format(f.doubleValue());
        }
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            try {
                return JSON.writeValueAsString(v);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return String.valueOf(v);
            }
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        return String.valueOf(v);
    }
}
