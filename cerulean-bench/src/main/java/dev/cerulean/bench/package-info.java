/**
 * Benchmarks. Each one measures Cerulean and, in the same run, a baseline (the raw library, a plain
 * JDBC insert, a constant HTTP route), and reports the ratio. They are programs, not tests: timing
 * assertions do not belong in unit tests.
 */
package dev.cerulean.bench;
