package dev.cerulean.ml.learn;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.FeaturizerConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * k-nearest neighbours (Cover and Hart, "Nearest neighbor pattern classification", IEEE Trans. Inf.
 * Theory 13, 1967) by exact brute-force search over the stored, standardised training rows: O(n·d) per
 * query, fine for the table sizes it is offered on (AutoML skips it on large data). Ties in distance are
 * broken by training row order, so predictions are deterministic. Classification returns the weighted
 * share of neighbours per class; regression the weighted mean.
 */
public final class KnnLearner implements Learner<KnnParams> {
    /** The instance. */
    public static final KnnLearner INSTANCE = new KnnLearner();
    private static final int MAGIC = 0x4b4e4e31; // "KNN1"

    private KnnLearner() {
    }

    @Override
    public String name() {
        return "knn";
    }

    @Override
    public List<ParamDef> params() {
        return KnnParams.DEFS;
    }

    @Override
    public KnnParams parse(Map<String, ?> values) {
        return KnnParams.fromMap(values);
    }

    @Override
    public FeaturizerConfig featurizerConfig(Task task) {
        return FeaturizerConfig.forLinear();
    }

    @Override
    public Predictor fit(FeatureMatrix x, double[] y, Task task, int classes, KnnParams p, FitContext ctx) {
        p.validate();
        return new KnnPredictor(task, classes, x.cols(), x.values().clone(), y.clone(), p);
    }

    @Override
    public Predictor load(byte[] data, Task task, int classes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            if (in.readInt() != MAGIC) {
                throw new IOException("bad magic number");
            }
            int n = in.readInt();
            int d = in.readInt();
            KnnParams p = new KnnParams(in.readInt(), in.readUTF(), in.readUTF());
            double[] x = new double[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = in.readDouble();
            }
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                y[i] = in.readDouble();
            }
            return new KnnPredictor(task, classes, d, x, y, p);
        } catch (IOException e) {
            throw new InvalidParameterException("not a knn model: " + e.getMessage(), "model");
        }
    }

    /** The stored training set. */
    static final class KnnPredictor implements Predictor {
        private final Task task;
        private final int classes;
        private final int d;
        private final double[] x;
        private final double[] y;
        private final KnnParams p;
        private final int n;

        KnnPredictor(Task task, int classes, int d, double[] x, double[] y, KnnParams p) {
            this.task = task;
            this.classes = classes;
            this.d = d;
            this.x = x;
            this.y = y;
            this.p = p;
            this.n = y.length;
        }

        @Override
        public String learner() {
            return "knn";
        }

        @Override
        public Task task() {
            return task;
        }

        @Override
        public int classes() {
            return classes;
        }

        @Override
        public int featureCount() {
            return d;
        }

        @Override
        public double[] predict(FeatureMatrix q) {
            Predictor.checkWidth(q, d);
            int k = Math.min(p.nNeighbors(), n);
            int width = task.isClassification() ? classes : 1;
            double[] out = new double[q.rows() * width];
            boolean manhattan = p.metric().equals("manhattan");
            boolean byDistance = p.weights().equals("distance");
            int[] idx = new int[k];
            double[] dist = new double[k];
            for (int r = 0; r < q.rows(); r++) {
                int found = 0;
                // Keep the k best in a sorted array: insertion is O(k), fine for small k.
                for (int i = 0; i < n; i++) {
                    double s = 0;
                    int base = i * d;
                    int qb = r * d;
                    double worst = found == k ? dist[k - 1] : Double.POSITIVE_INFINITY;
                    for (int j = 0; j < d && s < worst; j++) {
                        double qv = q.values()[qb + j];
                        double diff = (Double.isNaN(qv) ? 0 : qv) - x[base + j];
                        s += manhattan ? Math.abs(diff) : diff * diff;
                    }
                    if (s >= worst) {
                        continue;
                    }
                    int pos = found < k ? found++ : k - 1;
                    while (pos > 0 && dist[pos - 1] > s) {
                        dist[pos] = dist[pos - 1];
                        idx[pos] = idx[pos - 1];
                        pos--;
                    }
                    dist[pos] = s;
                    idx[pos] = i;
                }
                double wsum = 0;
                boolean exact = false;
                if (byDistance) {
                    // An exact match takes all the weight, as in scikit-learn.
                    for (int m = 0; m < found; m++) {
                        exact |= dist[m] == 0;
                    }
                }
                for (int m = 0; m < found; m++) {
                    double dd = manhattan ? dist[m] : Math.sqrt(dist[m]);
                    double w = !byDistance ? 1 : exact ? (dd == 0 ? 1 : 0) : 1 / dd;
                    wsum += w;
                    if (task.isClassification()) {
                        out[r * width + (int) y[idx[m]]] += w;
                    } else {
                        out[r] += w * y[idx[m]];
                    }
                }
                for (int c = 0; c < width; c++) {
                    out[r * width + c] /= wsum;
                }
            }
            return out;
        }

        @Override
        public double[] featureImportance() {
            return new double[0];
        }

        @Override
        public SavedModel save() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(MAGIC);
                out.writeInt(n);
                out.writeInt(d);
                out.writeInt(p.nNeighbors());
                out.writeUTF(p.weights());
                out.writeUTF(p.metric());
                for (double v : x) {
                    out.writeDouble(v);
                }
                for (double v : y) {
                    out.writeDouble(v);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new SavedModel("model.knn", bytes.toByteArray(), null, "bin");
        }
    }
}
