package dev.cerulean.ml.tune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.SpecException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * A sweep's {@code limits}, with Azure ML's defaults. The sweep ends at whichever limit it reaches
 * first.
 *
 * @param maxTotalTrials      most trials to run (default 1000)
 * @param maxConcurrentTrials most trials running at once (defaults to maxTotalTrials)
 * @param timeoutSeconds      the sweep's time limit in seconds (default 5,184,000 s = 60 days)
 * @param trialTimeoutSeconds each trial's time limit in seconds, or empty for none
 */
public record SweepLimits(int maxTotalTrials, int maxConcurrentTrials, long timeoutSeconds, OptionalLong trialTimeoutSeconds) {
    public static final int DEFAULT_MAX_TOTAL_TRIALS = 1000;
    public static final long DEFAULT_TIMEOUT_SECONDS = 5_184_000L;
    /** Azure ML accepts at most this many trials; Cerulean accepts more, with a warning. */
    public static final int AZURE_MAX_TRIALS = 1000;

    public SweepLimits {
        if (maxTotalTrials < 1) {
            throw new InvalidParameterException("max_total_trials must be ≥ 1, got " + maxTotalTrials, "limits.max_total_trials");
        }
        if (maxConcurrentTrials < 1) {
            throw new InvalidParameterException("max_concurrent_trials must be ≥ 1, got " + maxConcurrentTrials, "limits.max_concurrent_trials");
        }
        if (timeoutSeconds < 1) {
            throw new InvalidParameterException("timeout must be ≥ 1 second, got " + timeoutSeconds, "limits.timeout");
        }
        if (trialTimeoutSeconds.isPresent() && trialTimeoutSeconds.getAsLong() < 1) {
            throw new InvalidParameterException("trial_timeout must be ≥ 1 second, got " + trialTimeoutSeconds.getAsLong(), "limits.trial_timeout");
        }
    }

    /** The limits when a sweep gives none. */
    public static SweepLimits defaults() {
        return new SweepLimits(DEFAULT_MAX_TOTAL_TRIALS, DEFAULT_MAX_TOTAL_TRIALS, DEFAULT_TIMEOUT_SECONDS, OptionalLong.empty());
    }

    /** The sweep's time limit. */
    public Duration timeout() {
        return Duration.ofSeconds(timeoutSeconds);
    }

    /**
     * Reads {@code limits}, throwing on any error.
     *
     * @throws SpecException listing every problem
     */
    public static SweepLimits parse(JsonNode node) {
        List<Problem> problems = new ArrayList<>();
        SweepLimits l = read(node, "limits", problems);
        Problems all = new Problems();
        all.addAll(problems);
        all.throwIfErrors("limits");
        return l;
    }

    /**
     * Reads {@code limits} (absent means the defaults), adding every problem to {@code problems}.
     *
     * @return the limits, or null when there were errors
     */
    public static SweepLimits read(JsonNode node, String path, List<Problem> problems) {
        Problems p = new Problems();
        SweepLimits out = null;
        if (node == null || node.isNull() || node.isMissingNode()) {
            out = defaults();
        } else if (!node.isObject()) {
            p.error(path, "expected a mapping (max_total_trials, max_concurrent_trials, timeout, trial_timeout), got " + Fields.kindOf(node));
        } else {
            Fields.rejectUnknown(node, List.of("max_total_trials", "max_concurrent_trials", "timeout", "trial_timeout"), path, p);
            Long total = count(node, "max_total_trials", path, p);
            Long concurrent = count(node, "max_concurrent_trials", path, p);
            Long timeout = seconds(node, "timeout", path, p);
            Long trialTimeout = seconds(node, "trial_timeout", path, p);
            long t = total == null ? DEFAULT_MAX_TOTAL_TRIALS : total;
            long c = concurrent == null ? t : concurrent;
            if (concurrent != null && total != null && concurrent > total) {
                p.warn(Problems.child(path, "max_concurrent_trials"), "max_concurrent_trials " + concurrent + " is more than max_total_trials "
                        + total + ": at most " + total + " trials will run at once", null);
                c = t;
            }
            long to = timeout == null ? DEFAULT_TIMEOUT_SECONDS : timeout;
            if (trialTimeout != null && trialTimeout > to) {
                p.warn(Problems.child(path, "trial_timeout"), "trial_timeout " + trialTimeout + " s is longer than the sweep's timeout "
                        + to + " s: the sweep's timeout stops trials first", null);
            }
            if (!p.hasErrors()) {
                out = new SweepLimits((int) t, (int) c, to, trialTimeout == null ? OptionalLong.empty() : OptionalLong.of(trialTimeout));
            }
        }
        problems.addAll(p.list());
        return out;
    }

    private static Long count(JsonNode node, String field, String path, Problems p) {
        Long v = Fields.integer(node, field, path, false, p);
        if (v == null) {
            return null;
        }
        String at = Problems.child(path, field);
        if (v < 1 || v > Integer.MAX_VALUE) {
            p.error(at, field + " must be a positive integer, got " + v);
            return null;
        }
        if (v > AZURE_MAX_TRIALS) {
            p.warn(at, field + " " + v + " is above Azure ML's limit of " + AZURE_MAX_TRIALS + "; Cerulean accepts it, Azure ML would not", null);
        }
        return v;
    }

    /** Whole seconds; an ISO-8601 duration ({@code PT2H}, the REST API's form) is accepted too. */
    private static Long seconds(JsonNode node, String field, String path, Problems p) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        String at = Problems.child(path, field);
        if (v.isTextual() && v.asText().strip().toUpperCase(java.util.Locale.ROOT).startsWith("P")) {
            try {
                long s = Duration.parse(v.asText().strip()).getSeconds();
                if (s < 1) {
                    p.error(at, field + " must be at least 1 second, got " + v.asText());
                    return null;
                }
                return s;
            } catch (DateTimeParseException e) {
                p.error(at, "'" + v.asText() + "' is not a duration", "give whole seconds, e.g. " + field + ": 3600");
                return null;
            }
        }
        Long s = Fields.integer(node, field, path, false, p);
        if (s != null && s < 1) {
            p.error(at, field + " must be at least 1 second, got " + s);
            return null;
        }
        return s;
    }

    /** The limits in their mapping form. */
    public JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("max_total_trials", maxTotalTrials);
        n.put("max_concurrent_trials", maxConcurrentTrials);
        n.put("timeout", timeoutSeconds);
        trialTimeoutSeconds.ifPresent(v -> n.put("trial_timeout", v));
        return n;
    }
}
