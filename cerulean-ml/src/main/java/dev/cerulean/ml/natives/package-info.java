/**
 * Loading the native libraries the ML library links (LightGBM, XGBoost, ONNX Runtime, DuckDB) so that
 * no process maps a file another process may rewrite. {@link dev.cerulean.ml.natives.NativeLibraries}
 * is the only entry point; code that touches one of those libraries calls it first. A native library
 * added later gets a method there, and a case in {@code NativeLibrariesTest}, which checks that two
 * live processes share no mapped file outside the immutable cache.
 */
package dev.cerulean.ml.natives;
