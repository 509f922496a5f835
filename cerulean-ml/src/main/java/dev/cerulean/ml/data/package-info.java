/**
 * Tabular data access through DuckDB: {@link dev.cerulean.ml.data.TableSource} says which files
 * and how to read them (including Azure ML's MLTable transformations), {@link
 * dev.cerulean.ml.data.DuckTables} validates them, infers their schema and turns them into SQL,
 * {@link dev.cerulean.ml.data.Profiler} computes column statistics.
 */
package dev.cerulean.ml.data;
