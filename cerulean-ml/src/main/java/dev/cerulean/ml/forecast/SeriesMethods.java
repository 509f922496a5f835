package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import java.util.List;

/**
 * The simple local forecasting methods (Hyndman and Athanasopoulos, "Forecasting: Principles and Practice",
 * 3rd ed., 2021, section 5.2), the baselines every forecasting evaluation needs, and the registry of local
 * methods by name.
 */
public final class SeriesMethods {
    private SeriesMethods() {
    }

    /** The last value, repeated. */
    public static final SeriesMethod NAIVE = new Simple("naive", false) {
        @Override
        public double[] forecast(double[] y, int m, double[] params, int h) {
            double[] f = new double[h];
            java.util.Arrays.fill(f, y[y.length - 1]);
            return f;
        }
    };

    /** The value one season earlier (the last season repeated); naive when the history is shorter than a season. */
    public static final SeriesMethod SEASONAL_NAIVE = new Simple("seasonal_naive", true) {
        @Override
        public double[] forecast(double[] y, int m, double[] params, int h) {
            if (m <= 1 || y.length < m) {
                return NAIVE.forecast(y, m, params, h);
            }
            double[] f = new double[h];
            int n = y.length;
            for (int i = 0; i < h; i++) {
                f[i] = y[n - m + (i % m)];
            }
            return f;
        }
    };

    /** The mean of the history. */
    public static final SeriesMethod AVERAGE = new Simple("average", false) {
        @Override
        public double[] forecast(double[] y, int m, double[] params, int h) {
            double mean = java.util.Arrays.stream(y).average().orElse(0);
            double[] f = new double[h];
            java.util.Arrays.fill(f, mean);
            return f;
        }
    };

    /** The mean of the history's values at the same position in the season. */
    public static final SeriesMethod SEASONAL_AVERAGE = new Simple("seasonal_average", true) {
        @Override
        public double[] forecast(double[] y, int m, double[] params, int h) {
            if (m <= 1 || y.length < m) {
                return AVERAGE.forecast(y, m, params, h);
            }
            int n = y.length;
            double[] f = new double[h];
            for (int i = 0; i < h; i++) {
                // Period n + i has season position (n + i) mod m.
                int pos = (n + i) % m;
                double s = 0;
                int c = 0;
                for (int t = pos; t < n; t += m) {
                    s += y[t];
                    c++;
                }
                f[i] = s / c;
            }
            return f;
        }
    };

    /** Every local method. */
    public static final List<SeriesMethod> ALL = List.of(NAIVE, SEASONAL_NAIVE, AVERAGE, SEASONAL_AVERAGE,
            ExponentialSmoothing.INSTANCE);

    /**
     * A local method by name.
     *
     * @throws InvalidParameterException for an unknown name
     */
    public static SeriesMethod byName(String name) {
        for (SeriesMethod m : ALL) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new InvalidParameterException("unknown forecasting method '" + name + "'", "method");
    }

    /** A method without parameters. */
    private abstract static class Simple implements SeriesMethod {
        private final String name;
        private final boolean seasonal;

        Simple(String name, boolean seasonal) {
            this.name = name;
            this.seasonal = seasonal;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean seasonal() {
            return seasonal;
        }

        @Override
        public double[] fit(double[] y, int m) {
            return new double[0];
        }
    }
}
