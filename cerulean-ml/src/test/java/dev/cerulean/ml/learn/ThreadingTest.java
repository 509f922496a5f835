package dev.cerulean.ml.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cerulean.ml.feature.FeatureMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Multi-threaded training stays reproducible, and one model serves concurrent predictions. */
class ThreadingTest {
    @ParameterizedTest
    @ValueSource(strings = {"lightgbm", "xgboost", "random_forest"})
    void twoThreadFitsAreBitIdenticalAndConcurrentPredictionsAgree(String name) throws Exception {
        Learner<?> learner = Learners.get(name);
        Object[] d = LearnersTest.data(Task.MULTICLASS, 400, 9);
        FeatureMatrix x = (FeatureMatrix) d[0];
        double[] y = (double[]) d[1];
        FitContext two = new FitContext(3, 2, null, null);
        Map<String, Object> params = Map.of("n_estimators", 20);
        try (Predictor a = learner.fit(x, y, Task.MULTICLASS, 3, params, two);
                Predictor b = learner.fit(x, y, Task.MULTICLASS, 3, params, two)) {
            assertThat(a.save().bytes()).isEqualTo(b.save().bytes());

            double[] batch = a.predict(x);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    final int offset = t;
                    results.add(pool.submit(() -> {
                        for (int i = offset; i < x.rows(); i += 4) {
                            double[] one = a.predict(x.take(new int[] {i}));
                            for (int k = 0; k < 3; k++) {
                                if (Math.abs(one[k] - batch[i * 3 + k]) > 1e-7) {
                                    return false;
                                }
                            }
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> f : results) {
                    assertThat(f.get()).isTrue();
                }
            } finally {
                pool.shutdown();
            }
        }
    }
}
