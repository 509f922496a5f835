package dev.cerulean.ml.feature;

import dev.cerulean.ml.frame.ColumnKind;

/**
 * A column the featurizer accepts.
 *
 * @param name     column name
 * @param kind     the kind it had in training
 * @param integral for NUMERIC: whether training values were integers (signature type {@code long})
 * @param used     false for columns dropped at fit time (constant, all-missing, ID-like): accepted and ignored
 */
public record InputColumn(String name, ColumnKind kind, boolean integral, boolean used) {
}
