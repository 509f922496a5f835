package dev.cerulean.ml.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cerulean.ml.feature.FeatureMatrix;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

/** Checks the coordinate-descent solutions against closed forms and optimality conditions. */
class ElasticNetLearnerTest {
    private static final int N = 200;
    private static final int D = 4;

    private static double[][] design(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[N][D];
        for (double[] row : x) {
            for (int j = 0; j < D; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return x;
    }

    private static FeatureMatrix matrix(double[][] x) {
        double[] v = new double[N * D];
        for (int i = 0; i < N; i++) {
            System.arraycopy(x[i], 0, v, i * D, D);
        }
        return new FeatureMatrix(v, N, D, List.of("a", "b", "c", "d"), null);
    }

    private static ElasticNetLearner.LinearPredictor fit(double[][] x, double[] y, Task task, int k, ElasticNetParams p) {
        return (ElasticNetLearner.LinearPredictor) ElasticNetLearner.INSTANCE.fit(matrix(x), y, task, k, p, FitContext.of(0));
    }

    @Test
    void ridgeMatchesTheNormalEquations() {
        double[][] x = design(1);
        double[] y = new double[N];
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < N; i++) {
            y[i] = 1.5 + 2 * x[i][0] - x[i][2] + 0.3 * r.nextGaussian();
        }
        double alpha = 0.3;
        ElasticNetParams p = ElasticNetParams.builder().alpha(alpha).l1Ratio(0).tol(1e-14).maxIter(100_000).build();
        ElasticNetLearner.LinearPredictor m = fit(x, y, Task.REGRESSION, 0, p);
        // Objective (1/2n)|y - b0 - Xb|^2 + (alpha/2)|b|^2 with an unpenalised intercept: centre, then
        // (Xc'Xc / n + alpha I) b = Xc'yc / n.
        double[] mx = new double[D];
        double my = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                mx[j] += x[i][j] / N;
            }
            my += y[i] / N;
        }
        RealMatrix xc = new Array2DRowRealMatrix(N, D);
        double[] yc = new double[N];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                xc.setEntry(i, j, x[i][j] - mx[j]);
            }
            yc[i] = y[i] - my;
        }
        RealMatrix a = xc.transpose().multiply(xc).scalarMultiply(1.0 / N);
        for (int j = 0; j < D; j++) {
            a.addToEntry(j, j, alpha);
        }
        double[] b = new LUDecomposition(a).getSolver()
                .solve(xc.transpose().operate(new ArrayRealVector(yc)).mapMultiply(1.0 / N)).toArray();
        for (int j = 0; j < D; j++) {
            assertThat(m.coefficients()[0][j]).isCloseTo(b[j], within(1e-8));
        }
        double b0 = my;
        for (int j = 0; j < D; j++) {
            b0 -= mx[j] * b[j];
        }
        assertThat(m.intercepts()[0]).isCloseTo(b0, within(1e-8));
    }

    @Test
    void lassoSatisfiesTheSubgradientConditions() {
        double[][] x = design(3);
        double[] y = new double[N];
        for (int i = 0; i < N; i++) {
            y[i] = 3 * x[i][0] + 0.05 * x[i][1];
        }
        double alpha = 0.2;
        ElasticNetLearner.LinearPredictor m = fit(x, y, Task.REGRESSION, 0,
                ElasticNetParams.builder().alpha(alpha).l1Ratio(1).tol(1e-14).maxIter(100_000).build());
        double[] b = m.coefficients()[0];
        double[] r = new double[N];
        for (int i = 0; i < N; i++) {
            r[i] = y[i] - m.intercepts()[0];
            for (int j = 0; j < D; j++) {
                r[i] -= x[i][j] * b[j];
            }
        }
        for (int j = 0; j < D; j++) {
            double g = 0;
            for (int i = 0; i < N; i++) {
                g += x[i][j] * r[i] / N;
            }
            if (b[j] != 0) {
                assertThat(g).isCloseTo(alpha * Math.signum(b[j]), within(1e-6));
            } else {
                assertThat(Math.abs(g)).isLessThanOrEqualTo(alpha + 1e-9);
            }
        }
        // The weak x1 and the noise columns are shrunk to exactly zero.
        assertThat(b[1]).isZero();
        assertThat(b[3]).isZero();
        assertThat(b[0]).isBetween(2.5, 3.0);
    }

    @Test
    void logisticGradientVanishesAtTheOptimum() {
        double[][] x = design(5);
        double[] y = new double[N];
        SplittableRandom r = new SplittableRandom(6);
        for (int i = 0; i < N; i++) {
            double p = ElasticNetLearner.sigmoid(0.5 + 1.5 * x[i][0] - x[i][1]);
            y[i] = r.nextDouble() < p ? 1 : 0;
        }
        double alpha = 0.01;
        ElasticNetLearner.LinearPredictor m = fit(x, y, Task.BINARY, 2,
                ElasticNetParams.builder().alpha(alpha).l1Ratio(0).tol(1e-14).maxIter(100_000).build());
        double[] b = m.coefficients()[0];
        double[] g = new double[D + 1];
        for (int i = 0; i < N; i++) {
            double eta = m.intercepts()[0];
            for (int j = 0; j < D; j++) {
                eta += x[i][j] * b[j];
            }
            double res = ElasticNetLearner.sigmoid(eta) - y[i];
            g[D] += res / N;
            for (int j = 0; j < D; j++) {
                g[j] += x[i][j] * res / N;
            }
        }
        for (int j = 0; j < D; j++) {
            assertThat(g[j] + alpha * b[j]).isCloseTo(0, within(1e-6));
        }
        assertThat(g[D]).isCloseTo(0, within(1e-6));
        assertThat(b[0]).isGreaterThan(0.8);
        assertThat(b[1]).isLessThan(-0.5);
    }

    @Test
    void softThreshold() {
        assertThat(ElasticNetLearner.softThreshold(3, 1)).isEqualTo(2);
        assertThat(ElasticNetLearner.softThreshold(-3, 1)).isEqualTo(-2);
        assertThat(ElasticNetLearner.softThreshold(0.5, 1)).isZero();
    }
}
