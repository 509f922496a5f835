/** The H2O-3 AutoML peer of Cerulean's AutoML benchmark. */
package dev.cerulean.bench.h2o;
