package dev.cerulean.ml.forecast;

/**
 * A forecasting method fitted to one series at a time (a "local" model). Fitting returns the parameters;
 * forecasting replays the series with them, so a fitted model is its parameters plus the history it was
 * fitted on. Implementations are stateless and thread-safe.
 */
public interface SeriesMethod {
    /** Cerulean's name ({@code naive}, {@code seasonal_naive}, {@code average}, {@code seasonal_average},
     * {@code exponential_smoothing}). */
    String name();

    /** Whether the method needs a season length above 1. */
    boolean seasonal();

    /**
     * Fits the method to a series.
     *
     * @param y the history, oldest first, no NaN, at least one value
     * @param m the season length (1 for none)
     * @return the parameters (possibly empty)
     */
    double[] fit(double[] y, int m);

    /**
     * Forecasts {@code h} periods past the end of {@code y}.
     *
     * @param params what {@link #fit} returned for this history
     */
    double[] forecast(double[] y, int m, double[] params, int h);

    /** A reader's description of fitted parameters. */
    default String describe(double[] params) {
        return name();
    }
}
