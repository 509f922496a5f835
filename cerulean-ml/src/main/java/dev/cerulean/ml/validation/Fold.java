package dev.cerulean.ml.validation;

import java.util.Objects;

/**
 * One resampling fold: rows to train on and rows to evaluate on, as ascending row indices.
 *
 * @param train rows to fit on
 * @param test  rows held out
 */
public record Fold(int[] train, int[] test) {
    public Fold {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
    }
}
