package dev.cerulean.service.tracking;

import dev.cerulean.core.InvalidParameterException;
import java.util.regex.Pattern;

/** MLflow's validation of names, values and batch sizes, with its messages. */
public final class MlflowRules {
    public static final int MAX_METRICS_PER_BATCH = 1000;
    public static final int MAX_PARAMS_TAGS_PER_BATCH = 100;
    public static final int MAX_ENTITIES_PER_BATCH = 1000;
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    public static final int MAX_TAG_VALUE_LENGTH = 8000;
    public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;
    public static final int MAX_KEY_LENGTH = 250;
    public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;
    public static final int MAX_RESULTS = 50_000;

    private static final Pattern NAME = Pattern.compile("^[/\\w.\\- :]*$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern RUN_ID = Pattern.compile("^[a-zA-Z0-9][\\w\\-]{0,255}$");
    private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$");

    private MlflowRules() {
    }

    /** Checks a metric, param or tag key. */
    public static String key(String kind, String key) {
        if (key == null || key.isEmpty()) {
            throw new InvalidParameterException(kind + " name cannot be empty. A key name must be provided.", "key");
        }
        if (!NAME.matcher(key).matches()) {
            throw new InvalidParameterException("Invalid " + kind.toLowerCase(java.util.Locale.ROOT) + " name: '" + key
                    + "'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) "
                    + "and slashes (/).", "key");
        }
        String norm = java.nio.file.Path.of(key.isEmpty() ? "." : key).normalize().toString();
        if (!norm.equals(key) || key.equals(".") || key.startsWith("..") || key.startsWith("/")) {
            throw new InvalidParameterException("Invalid " + kind.toLowerCase(java.util.Locale.ROOT) + " name: '" + key
                    + "'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. "
                    + "This name would resolve to '" + norm + "'", "key");
        }
        return length(kind + " name", MAX_KEY_LENGTH, key);
    }

    public static String length(String what, int limit, String value) {
        if (value != null && value.length() > limit) {
            throw new InvalidParameterException(what + " '" + value.substring(0, Math.min(250, value.length())) + "' had length "
                    + value.length() + ", which exceeded length limit of " + limit, "value");
        }
        return value;
    }

    public static String runId(String runId) {
        if (runId == null || runId.isEmpty()) {
            throw new InvalidParameterException("Missing value for required parameter 'run_id'.", "run_id");
        }
        if (!RUN_ID.matcher(runId).matches()) {
            throw new InvalidParameterException("Invalid run ID: '" + runId + "'", "run_id");
        }
        return runId;
    }

    public static void batchLimit(String entity, int limit, int length) {
        if (length > limit) {
            throw new InvalidParameterException("A batch logging request can contain at most " + limit + " " + entity + ". Got "
                    + length + " " + entity + ". Please split up " + entity + " across multiple requests and try again.", entity);
        }
    }

    public static int maxResults(Integer requested, int defaultValue) {
        if (requested == null) {
            return defaultValue;
        }
        if (requested < 1 || requested > MAX_RESULTS) {
            throw new InvalidParameterException("Invalid value " + requested + " for parameter 'max_results' supplied. It must be "
                    + "a positive integer at most " + MAX_RESULTS, "max_results");
        }
        return requested;
    }

    public static String alias(String alias) {
        if (alias == null || alias.isEmpty()) {
            throw new InvalidParameterException("Registered model alias name cannot be empty.", "alias");
        }
        if (!ALIAS.matcher(alias).matches()) {
            throw new InvalidParameterException("Invalid alias name: '" + alias
                    + "'. Names may only contain alphanumerics, underscores (_), and dashes (-).", "alias");
        }
        if (alias.equalsIgnoreCase("latest")) {
            throw new InvalidParameterException("'latest' alias name (case insensitive) is reserved.", "alias");
        }
        if (alias.matches("^[vV]\\d+$")) {
            throw new InvalidParameterException("Version alias name '" + alias + "' is reserved.", "alias");
        }
        return length("Registered model alias name", 255, alias);
    }
}
