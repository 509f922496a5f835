/**
 * Time-series forecasting: {@link dev.cerulean.ml.forecast.TimeSeriesData} reads long-format tables into
 * regular series (frequency detection, duplicate and irregular timestamps, gaps); local methods
 * ({@link dev.cerulean.ml.forecast.SeriesMethods}: naive, seasonal naive, average, seasonal average;
 * {@link dev.cerulean.ml.forecast.ExponentialSmoothing}: simple, Holt, damped, Holt-Winters additive and
 * multiplicative, chosen per series by AICc) and a global {@link dev.cerulean.ml.forecast.LagModel} (a
 * regression learner on lag, rolling-window and calendar features, forecasting recursively); a fitted
 * {@link dev.cerulean.ml.forecast.ForecastModel} is a {@link dev.cerulean.ml.model.Model} that
 * {@link dev.cerulean.ml.pkg.ModelPackage} saves and loads. AutoML's forecasting task compares them by
 * rolling-origin cross-validation.
 */
package dev.cerulean.ml.forecast;
