package dev.cerulean.ml.tune;

import java.util.Objects;

/**
 * A policy's decision to stop a running trial early.
 *
 * @param trialId  the trial to stop
 * @param interval the interval (1-based count of logged values) the decision was taken at
 * @param policy   the rule that fired: {@code bandit}, {@code median_stopping} or {@code truncation_selection}
 * @param reason   a sentence for people: the trial's value, the threshold and where it came from
 */
public record Termination(String trialId, int interval, String policy, String reason) {
    public Termination {
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
    }
}
