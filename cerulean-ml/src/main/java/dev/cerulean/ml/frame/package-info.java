/**
 * A small columnar data frame for training and scoring: numeric, categorical, boolean, datetime and
 * text columns with missing values. {@link dev.cerulean.ml.frame.FrameReader} loads one from any
 * {@link dev.cerulean.ml.data.TableSource} through DuckDB; {@link dev.cerulean.ml.frame.Frame#fromRows}
 * and {@link dev.cerulean.ml.frame.Frame#of} build one cheaply from values already in memory (a
 * scoring request), with no DuckDB and no files.
 */
package dev.cerulean.ml.frame;
