package dev.cerulean.ml.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Each expression's samples against its defining distribution: Kolmogorov–Smirnov tests for the
 * continuous ones, χ² tests against exact cell probabilities for the discrete ones. Seeds are
 * fixed, so the tests are deterministic; the thresholds (p &gt; 0.001) would pass a correct
 * sampler for almost every seed, and each test also checks that a wrong distribution is rejected.
 */
class DistributionTest {
    private static final int N = 20_000;
    private static final double ALPHA = 0.001;

    private static double[] draw(Distribution d, long seed, DoubleUnaryOperator transform) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] out = new double[N];
        for (int i = 0; i < N; i++) {
            out[i] = transform.applyAsDouble(((Number) d.sample(rng)).doubleValue());
        }
        return out;
    }

    /** χ² p-value of integer-valued samples (value / q) against exact cell probabilities; rare cells pooled. */
    private static double chiSquare(Object[] samples, Map<Long, Double> probabilities) {
        TreeMap<Long, Long> counts = new TreeMap<>();
        for (Object s : samples) {
            counts.merge(((Number) s).longValue(), 1L, Long::sum);
        }
        assertThat(probabilities.keySet()).containsAll(counts.keySet());
        // Pool cells with fewer than 5 expected samples into one.
        double pooledP = 0;
        long pooledCount = 0;
        java.util.List<double[]> cells = new java.util.ArrayList<>();
        for (Map.Entry<Long, Double> e : new TreeMap<>(probabilities).entrySet()) {
            long c = counts.getOrDefault(e.getKey(), 0L);
            if (e.getValue() * samples.length < 5) {
                pooledP += e.getValue();
                pooledCount += c;
            } else {
                cells.add(new double[] {e.getValue(), c});
            }
        }
        if (pooledP > 0) {
            cells.add(new double[] {pooledP, pooledCount});
        }
        double[] expected = new double[cells.size()];
        long[] observed = new long[cells.size()];
        for (int i = 0; i < cells.size(); i++) {
            expected[i] = cells.get(i)[0] * samples.length;
            observed[i] = (long) cells.get(i)[1];
        }
        return new ChiSquareTest().chiSquareTest(expected, observed);
    }

    private static Object[] drawRaw(Distribution d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Object[] out = new Object[N];
        for (int i = 0; i < N; i++) {
            out[i] = d.sample(rng);
        }
        return out;
    }

    private static double ks(org.apache.commons.math3.distribution.RealDistribution dist, double[] data) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovTest(dist, data);
    }

    @Nested
    class Continuous {
        @Test
        void uniformIsUniformOnItsRange() {
            double[] x = draw(new Distribution.Uniform(-2, 3), 1, v -> v);
            assertThat(ks(new UniformRealDistribution(-2, 3), x)).isGreaterThan(ALPHA);
            assertThat(ks(new UniformRealDistribution(-2, 3.2), x)).isLessThan(ALPHA);
            assertThat(java.util.Arrays.stream(x).min().orElseThrow()).isGreaterThanOrEqualTo(-2.0);
            assertThat(java.util.Arrays.stream(x).max().orElseThrow()).isLessThanOrEqualTo(3.0);
        }

        @Test
        void loguniformIsExpOfUniformOnItsLogBounds() {
            Distribution d = new Distribution.LogUniform(-6, -1);
            double[] logs = draw(d, 2, Math::log);
            assertThat(ks(new UniformRealDistribution(-6, -1), logs)).isGreaterThan(ALPHA);
            double[] raw = draw(d, 2, v -> v);
            assertThat(java.util.Arrays.stream(raw).min().orElseThrow()).isGreaterThanOrEqualTo(Math.exp(-6));
            assertThat(java.util.Arrays.stream(raw).max().orElseThrow()).isLessThanOrEqualTo(Math.exp(-1));
            // Not uniform on its range: the bounds are in log space.
            assertThat(ks(new UniformRealDistribution(Math.exp(-6), Math.exp(-1)), raw)).isLessThan(ALPHA);
        }

        @Test
        void normalHasMeanMuAndDeviationSigma() {
            double[] x = draw(new Distribution.Normal(10, 3), 3, v -> v);
            assertThat(ks(new NormalDistribution(10, 3), x)).isGreaterThan(ALPHA);
            assertThat(ks(new NormalDistribution(10, 3.3), x)).isLessThan(ALPHA);
        }

        @Test
        void lognormalIsExpOfNormal() {
            double[] logs = draw(new Distribution.LogNormal(-1, 0.5), 4, Math::log);
            assertThat(ks(new NormalDistribution(-1, 0.5), logs)).isGreaterThan(ALPHA);
            assertThat(ks(new NormalDistribution(-0.9, 0.5), logs)).isLessThan(ALPHA);
        }

        @Test
        void quantilesRoundTrip() {
            Distribution[] all = {new Distribution.Uniform(-2, 3), new Distribution.LogUniform(-6, -1),
                    new Distribution.Normal(10, 3), new Distribution.LogNormal(-1, 0.5)};
            for (Distribution d : all) {
                for (double u = 0.05; u < 1; u += 0.1) {
                    assertThat(d.toUnit(d.fromUnit(u))).as(d.type()).isCloseTo(u, within(1e-9));
                }
                assertThat(d.discrete()).isFalse();
            }
            assertThat(new Distribution.LogUniform(-6, -1).toUnit("0.01")).isCloseTo((Math.log(0.01) + 6) / 5, within(1e-12));
        }
    }

    @Nested
    class Discrete {
        @Test
        void randintIsUniformOnZeroToUpperExclusive() {
            Object[] x = drawRaw(new Distribution.RandInt(7), 5);
            assertThat(x).allSatisfy(v -> assertThat(v).isInstanceOf(Long.class));
            Map<Long, Double> p = new TreeMap<>();
            for (long k = 0; k < 7; k++) {
                p.put(k, 1.0 / 7);
            }
            assertThat(chiSquare(x, p)).isGreaterThan(ALPHA);
            Map<Long, Double> skewed = new TreeMap<>(p);
            skewed.put(0L, 1.3 / 7);
            skewed.put(6L, 0.7 / 7);
            assertThat(chiSquare(x, skewed)).isLessThan(ALPHA);
        }

        @Test
        void quniformRoundsUniformToMultiplesOfQ() {
            // round(U(1, 10) / 3) · 3 ∈ {0, 3, 6, 9}: 0 for U < 1.5, 3 on [1.5, 4.5), …, 9 on [7.5, 10].
            Object[] x = drawRaw(new Distribution.QUniform(1, 10, 3), 6);
            assertThat(x).allSatisfy(v -> assertThat(((Long) v) % 3).isZero());
            Map<Long, Double> p = Map.of(0L, 0.5 / 9, 3L, 3.0 / 9, 6L, 3.0 / 9, 9L, 2.5 / 9);
            assertThat(chiSquare(x, p)).isGreaterThan(ALPHA);
            assertThat(chiSquare(x, Map.of(0L, 0.25, 3L, 0.25, 6L, 0.25, 9L, 0.25))).isLessThan(ALPHA);
        }

        @Test
        void quniformWithAFractionalQKeepsItsDigits() {
            Object v = new Distribution.QUniform(0, 1, 0.1).fromUnit(0.3);
            assertThat(v).isEqualTo(0.3);
        }

        @Test
        void qloguniformRoundsExpOfUniform() {
            Distribution d = new Distribution.QLogUniform(0, 3, 2);
            Object[] x = drawRaw(d, 7);
            // P(k·2) = P(exp(U(0,3)) ∈ [2k − 1, 2k + 1)) = (ln(hi) − ln(lo)) / 3, clipped to [1, e³].
            Map<Long, Double> p = new TreeMap<>();
            for (long k = 0; k <= 11; k++) {
                double lo = Math.max(1, 2 * k - 1);
                double hi = Math.min(Math.exp(3), 2 * k + 1);
                if (hi > lo) {
                    p.put(2 * k, (Math.log(hi) - Math.log(lo)) / 3);
                }
            }
            assertThat(chiSquare(x, p)).isGreaterThan(ALPHA);
        }

        @Test
        void qnormalRoundsNormal() {
            Distribution d = new Distribution.QNormal(5, 4, 2);
            Object[] x = drawRaw(d, 8);
            NormalDistribution n = new NormalDistribution(5, 4);
            Map<Long, Double> p = new TreeMap<>();
            for (long k = -15; k <= 20; k++) {
                p.put(2 * k, n.cumulativeProbability(2 * k + 1) - n.cumulativeProbability(2 * k - 1));
            }
            assertThat(chiSquare(x, p)).isGreaterThan(ALPHA);
            NormalDistribution wrong = new NormalDistribution(5.3, 4);
            Map<Long, Double> q = new TreeMap<>();
            for (long k = -15; k <= 20; k++) {
                q.put(2 * k, wrong.cumulativeProbability(2 * k + 1) - wrong.cumulativeProbability(2 * k - 1));
            }
            assertThat(chiSquare(x, q)).isLessThan(ALPHA);
        }

        @Test
        void qlognormalRoundsExpOfNormal() {
            Distribution d = new Distribution.QLogNormal(3, 0.5, 5);
            Object[] x = drawRaw(d, 9);
            NormalDistribution n = new NormalDistribution(3, 0.5);
            Map<Long, Double> p = new TreeMap<>();
            for (long k = 0; k <= 200; k++) {
                double lo = 5 * k - 2.5;
                double hi = 5 * k + 2.5;
                double pLo = lo <= 0 ? 0 : n.cumulativeProbability(Math.log(lo));
                p.put(5 * k, n.cumulativeProbability(Math.log(hi)) - pLo);
            }
            assertThat(chiSquare(x, p)).isGreaterThan(ALPHA);
        }

        @Test
        void choiceIsUniformOverItsValues() {
            SearchSpace s = SearchSpace.of(Map.of("c", Choice.of("a", "b", 3L, true)));
            SplittableRandom rng = new SplittableRandom(10);
            Object[] idx = new Object[N];
            Choice c = (Choice) s.parameters().get("c");
            for (int i = 0; i < N; i++) {
                idx[i] = (long) c.indexOf(s.sample(rng).get("c"));
            }
            assertThat(chiSquare(idx, Map.of(0L, 0.25, 1L, 0.25, 2L, 0.25, 3L, 0.25))).isGreaterThan(ALPHA);
        }

        @Test
        void snappingIsIdempotentAndLandsInTheValuesCell() {
            Distribution[] all = {new Distribution.RandInt(7), new Distribution.QUniform(1, 10, 3), new Distribution.QLogUniform(0, 3, 2),
                    new Distribution.QNormal(5, 4, 2), new Distribution.QLogNormal(3, 0.5, 5)};
            SplittableRandom rng = new SplittableRandom(11);
            for (Distribution d : all) {
                assertThat(d.discrete()).isTrue();
                for (int i = 0; i < 200; i++) {
                    double u = rng.nextDouble();
                    double s = d.snap(u);
                    assertThat(d.fromUnit(s)).as(d.type() + " at " + u).isEqualTo(d.fromUnit(u));
                    assertThat(d.snap(s)).isCloseTo(s, within(1e-12));
                }
            }
        }
    }
}
