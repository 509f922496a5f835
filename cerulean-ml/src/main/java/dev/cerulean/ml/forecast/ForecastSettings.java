package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import java.util.List;
import java.util.Locale;

/**
 * Azure ML's {@code forecasting} section of an AutoML forecasting job.
 *
 * @param timeColumn              the time column (required); dates or timestamps
 * @param seriesIdColumns         columns whose values together name one series (empty: a single series)
 * @param forecastHorizon         periods to forecast past the end of the data, at least 1; 0 for auto (one
 *                                season, at most a quarter of the shortest series, at least 1)
 * @param targetLags              lags of the target the lag-feature models use; null or empty for auto
 *                                (1 … min(season, 14) and the season and twice the season where the data allow)
 * @param targetRollingWindowSize periods of the rolling mean and standard deviation features; 0 for auto (one
 *                                season, at least 3)
 * @param seasonality             the season length in periods; null for auto (from the frequency, kept when the
 *                                autocorrelation at that lag is significant; 1 means none)
 * @param frequency               the series' frequency as a pandas offset alias ({@code D}, {@code W}, {@code MS}
 *                                or {@code M}, {@code QS} or {@code Q}, {@code YS} or {@code Y}, {@code h},
 *                                {@code min}, {@code s}, with an optional multiple such as {@code 2D}); null to
 *                                detect it from the time column
 * @param shortSeriesHandling     what to do with series too short to train on
 * @param cvStepSize              periods between the origins of rolling-origin cross-validation; 0 for auto
 *                                (the horizon)
 * @param targetAggregateFunction how to combine rows sharing a series and time ({@code sum}, {@code mean},
 *                                {@code min}, {@code max}); null to treat such duplicates as an error
 */
public record ForecastSettings(String timeColumn, List<String> seriesIdColumns, int forecastHorizon, List<Integer> targetLags,
        int targetRollingWindowSize, Integer seasonality, String frequency, ShortSeriesHandling shortSeriesHandling,
        int cvStepSize, String targetAggregateFunction) {

    /** Azure ML's {@code short_series_handling_config}. */
    public enum ShortSeriesHandling {
        /** Pad short series when there is no long series, else drop them. */
        AUTO,
        /** Pad every short series at its start with its mean. */
        PAD,
        /** Drop short series (they cannot be forecast). */
        DROP,
        /** No handling: a short series is an error. */
        NONE;

        /**
         * Parses {@code auto}, {@code pad}, {@code drop} or {@code none}/{@code null}.
         *
         * @throws InvalidParameterException naming {@code forecasting.short_series_handling_config}
         */
        public static ShortSeriesHandling parse(String text) {
            String t = text == null ? "none" : text.strip().toLowerCase(Locale.ROOT);
            switch (t) {
                case "auto":
                    return AUTO;
                case "pad":
                    return PAD;
                case "drop":
                    return DROP;
                case "none":
                case "null":
                    return NONE;
                default:
                    throw new InvalidParameterException("forecasting.short_series_handling_config '" + text
                            + "' is not valid; expected auto, pad, drop or none", "forecasting.short_series_handling_config");
            }
        }
    }

    public ForecastSettings {
        if (timeColumn == null || timeColumn.isBlank()) {
            throw new InvalidParameterException("forecasting.time_column_name is required for a forecasting task",
                    "forecasting.time_column_name");
        }
        seriesIdColumns = seriesIdColumns == null ? List.of() : List.copyOf(seriesIdColumns);
        if (seriesIdColumns.contains(timeColumn)) {
            throw new InvalidParameterException("forecasting.time_series_id_column_names must not include the time column '"
                    + timeColumn + "'", "forecasting.time_series_id_column_names");
        }
        if (forecastHorizon < 0) {
            throw new InvalidParameterException("forecasting.forecast_horizon must be at least 1 (or auto), got " + forecastHorizon,
                    "forecasting.forecast_horizon");
        }
        targetLags = targetLags == null ? List.of() : List.copyOf(targetLags);
        for (int lag : targetLags) {
            if (lag < 1) {
                throw new InvalidParameterException("forecasting.target_lags must be positive, got " + lag, "forecasting.target_lags");
            }
        }
        if (targetRollingWindowSize < 0 || targetRollingWindowSize == 1) {
            throw new InvalidParameterException("forecasting.target_rolling_window_size must be at least 2 (or auto), got "
                    + targetRollingWindowSize, "forecasting.target_rolling_window_size");
        }
        if (seasonality != null && seasonality < 1) {
            throw new InvalidParameterException("forecasting.seasonality must be at least 1 (or auto), got " + seasonality,
                    "forecasting.seasonality");
        }
        if (frequency != null) {
            Frequency.parse(frequency);
        }
        if (shortSeriesHandling == null) {
            shortSeriesHandling = ShortSeriesHandling.AUTO;
        }
        if (cvStepSize < 0) {
            throw new InvalidParameterException("forecasting.cv_step_size must be at least 1 (or auto), got " + cvStepSize,
                    "forecasting.cv_step_size");
        }
        if (targetAggregateFunction != null) {
            String a = targetAggregateFunction.strip().toLowerCase(Locale.ROOT);
            if (!List.of("sum", "mean", "min", "max").contains(a)) {
                throw new InvalidParameterException("forecasting.target_aggregate_function '" + targetAggregateFunction
                        + "' is not valid; expected sum, mean, min or max", "forecasting.target_aggregate_function");
            }
            targetAggregateFunction = a;
        }
    }

    /** A single series: the time column, everything else automatic, horizon 1. */
    public static ForecastSettings of(String timeColumn) {
        return new ForecastSettings(timeColumn, List.of(), 1, null, 0, null, null, ShortSeriesHandling.AUTO, 0, null);
    }

    /** These settings with a horizon. */
    public ForecastSettings withHorizon(int h) {
        return new ForecastSettings(timeColumn, seriesIdColumns, h, targetLags, targetRollingWindowSize, seasonality, frequency,
                shortSeriesHandling, cvStepSize, targetAggregateFunction);
    }

    /** These settings with series id columns. */
    public ForecastSettings withSeriesIds(List<String> ids) {
        return new ForecastSettings(timeColumn, ids, forecastHorizon, targetLags, targetRollingWindowSize, seasonality, frequency,
                shortSeriesHandling, cvStepSize, targetAggregateFunction);
    }

    /** These settings with a season length (null for auto). */
    public ForecastSettings withSeasonality(Integer m) {
        return new ForecastSettings(timeColumn, seriesIdColumns, forecastHorizon, targetLags, targetRollingWindowSize, m, frequency,
                shortSeriesHandling, cvStepSize, targetAggregateFunction);
    }

    /** These settings with lags and a rolling window. */
    public ForecastSettings withLags(List<Integer> lags, int window) {
        return new ForecastSettings(timeColumn, seriesIdColumns, forecastHorizon, lags, window, seasonality, frequency,
                shortSeriesHandling, cvStepSize, targetAggregateFunction);
    }

    /** These settings with a short-series policy. */
    public ForecastSettings withShortSeriesHandling(ShortSeriesHandling s) {
        return new ForecastSettings(timeColumn, seriesIdColumns, forecastHorizon, targetLags, targetRollingWindowSize, seasonality,
                frequency, s, cvStepSize, targetAggregateFunction);
    }

    /** These settings with a target aggregate function. */
    public ForecastSettings withAggregate(String f) {
        return new ForecastSettings(timeColumn, seriesIdColumns, forecastHorizon, targetLags, targetRollingWindowSize, seasonality,
                frequency, shortSeriesHandling, cvStepSize, f);
    }
}
