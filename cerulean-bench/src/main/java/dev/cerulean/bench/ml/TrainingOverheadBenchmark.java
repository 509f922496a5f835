package dev.cerulean.bench.ml;

import dev.cerulean.ml.feature.FeatureMatrix;
import dev.cerulean.ml.feature.Featurizer;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.learn.FitContext;
import dev.cerulean.ml.learn.LightGbmLearner;
import dev.cerulean.ml.learn.LightGbmParams;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.learn.XgboostLearner;
import dev.cerulean.ml.learn.XgboostParams;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import io.github.metarank.lightgbm4j.LGBMBooster;
import io.github.metarank.lightgbm4j.LGBMDataset;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import dev.cerulean.ml.natives.NativeLibraries;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;

/**
 * (b) Overhead: training LightGBM and XGBoost with 200 trees on all of Adult through {@link Training}
 * (featurization, training, importance, provenance; no cross-validation) and through the built-in train
 * job of a workspace (submitted over REST, timed until it is Completed: reading the CSV, featurizing,
 * training, charts, the model package stored as artifacts, the run's bookkeeping), against the raw library
 * training on the same prepared matrix with the same parameters, in the same run. Median of 5 runs after
 * a warm-up. Target: overhead below 25%.
 */
public final class TrainingOverheadBenchmark {
    private static final int RUNS = 5;
    // One thread on both sides: on a shared 2-core machine, OpenMP barriers with 2 threads swing timings 10-40x.
    private static final int THREADS = 1;

    private TrainingOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        NativeLibraries.lightGbm();
        NativeLibraries.xgboost();
        Frame adult = BenchSupport.adult();
        double[] y = BenchSupport.incomeLabels(adult);
        Frame features = adult.drop(List.of("income"));
        FitContext ctx = new FitContext(1, THREADS, null, null);
        StringBuilder md = new StringBuilder();
        md.append("Adult, all 48,842 rows, 200 trees, ").append(THREADS).append(" threads, median of ").append(RUNS)
                .append(" runs after one warm-up.\n")
                .append("Library: `Training.train` (featurize from the frame, train, importance, provenance; `cvFolds(0)`).\n")
                .append("Job: a `type: train` job (`cv_folds: 0`, `validation_size: 0`) submitted to an embedded workspace over REST, ")
                .append("from the POST until the job reads Completed: loading the CSV, featurizing, training, the importance chart, ")
                .append("the model package stored as run artifacts, status and run bookkeeping.\n")
                .append("Raw: the library alone on the matrix Cerulean's featurizer prepared, same parameters.\n\n")
                .append("| learner | library (ms) | job (ms) | raw library (ms) | library overhead | job overhead |\n")
                .append("|---|---|---|---|---|---|\n");
        Path home = Files.createTempDirectory("cerulean-overhead");
        try (CeruleanServer server = CeruleanServer.start(new WorkspaceConfig(home, null, null), "127.0.0.1", 0)) {
            JobRunner jobs = new JobRunner(server.url(), BenchSupport.root().resolve("samples/data/adult.csv"));

        // LightGBM.
        // LightGBM's library defaults, every value given, so the facade, the job and the raw library train the same rounds.
        LightGbmParams lp = LightGbmParams.fromMap(LightGbmParams.LIBRARY_DEFAULTS).toBuilder().nEstimators(200).build();
        FeatureMatrix lx = Featurizer.fit(features, y, 2, LightGbmLearner.GBDT.featurizerConfig(Task.BINARY), 1).matrix();
        String ps = LightGbmLearner.GBDT.parameterString(lx, Task.BINARY, 2, lp, ctx);
        row(md, "lightgbm", () -> facade(adult, "lightgbm", lp.toMap()), () -> jobs.train("lightgbm", lp.toMap()), () -> rawLightGbm(lx, y, ps));

        // XGBoost.
        XgboostParams xp = XgboostParams.builder().nEstimators(200).build();
        FeatureMatrix xx = Featurizer.fit(features, y, 2, XgboostLearner.INSTANCE.featurizerConfig(Task.BINARY), 1).matrix();
        Map<String, Object> native_ = XgboostLearner.INSTANCE.nativeParams(Task.BINARY, 2, xp, ctx);
        row(md, "xgboost", () -> facade(adult, "xgboost", xp.toMap()), () -> jobs.train("xgboost", xp.toMap()), () -> rawXgboost(xx, y, native_));
        }
        md.append("\nTarget: overhead below 25%.\n");
        BenchSupport.report("TrainingOverheadBenchmark", "Training overhead: library and built-in job vs raw library (Adult, 200 trees)", md.toString());
    }

    interface Run {
        void run() throws Exception;
    }

    private static void row(StringBuilder md, String name, Run facade, Run job, Run raw) throws Exception {
        facade.run();
        job.run();
        raw.run();
        double[] f = new double[RUNS];
        double[] j = new double[RUNS];
        double[] r = new double[RUNS];
        for (int i = 0; i < RUNS; i++) {
            // Interleaved, so drift in machine load hits every side alike.
            f[i] = time(facade);
            j[i] = time(job);
            r[i] = time(raw);
        }
        double mf = BenchSupport.median(f);
        double mj = BenchSupport.median(j);
        double mr = BenchSupport.median(r);
        md.append("| ").append(name).append(" | ").append(BenchSupport.fmt(mf, 0)).append(" | ").append(BenchSupport.fmt(mj, 0))
                .append(" | ").append(BenchSupport.fmt(mr, 0)).append(" | ").append(overhead(mf, mr)).append(" | ").append(overhead(mj, mr))
                .append(" |\n");
    }

    private static String overhead(double cerulean, double raw) {
        double o = (cerulean - raw) / raw * 100;
        return BenchSupport.fmt(o, 1) + "% " + (o < 25 ? "(met)" : "(not met)");
    }

    /** Submits train jobs to a workspace over REST and waits for each to complete. */
    private static final class JobRunner {
        private final HttpClient http = HttpClient.newHttpClient();
        private final ObjectMapper json = new ObjectMapper();
        private final String url;
        private final Path data;
        private int n;

        JobRunner(String url, Path data) {
            this.url = url;
            this.data = data;
        }

        void train(String algorithm, Map<String, Object> params) throws Exception {
            Map<String, Object> hyper = new java.util.LinkedHashMap<>(params);
            hyper.values().removeIf(v -> v == null);
            Map<String, Object> spec = new java.util.LinkedHashMap<>();
            String name = "overhead-" + algorithm + "-" + (++n);
            spec.put("type", "train");
            spec.put("name", name);
            spec.put("data", data.toAbsolutePath().toString());
            spec.put("target", "income");
            spec.put("algorithm", algorithm);
            spec.put("hyperparameters", hyper);
            spec.put("cv_folds", 0);
            spec.put("validation_size", 0);
            spec.put("seed", 1);
            spec.put("threads", THREADS);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs"))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("spec", spec))))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("job submission failed: " + r.body());
            }
            while (true) {
                JsonNode job = json.readTree(http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/jobs/" + name)).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                String status = job.path("status").asText();
                if (status.equals("Completed")) {
                    return;
                }
                if (status.equals("Failed") || status.equals("Canceled")) {
                    throw new IllegalStateException("job " + name + " " + status + ": " + job.path("error").asText());
                }
                Thread.sleep(10);
            }
        }
    }

    private static double time(Run r) throws Exception {
        long t = System.nanoTime();
        r.run();
        return (System.nanoTime() - t) / 1e6;
    }

    private static void facade(Frame adult, String algorithm, Map<String, Object> params) {
        Map<String, Object> p = new java.util.LinkedHashMap<>(params);
        p.values().removeIf(v -> v == null);
        Training.train(TrainSpec.builder().frame(adult).target("income").algorithm(algorithm).hyperparameters(p).seed(1)
                .cvFolds(0).threads(THREADS).build()).model().close();
    }

    private static void rawLightGbm(FeatureMatrix x, double[] y, String params) throws Exception {
        float[] label = BenchSupport.floats(y);
        try (LGBMDataset ds = LGBMDataset.createFromMat(x.values(), x.rows(), x.cols(), true, params, null)) {
            ds.setField("label", label);
            LGBMBooster b = LGBMBooster.create(ds, params);
            for (int i = 0; i < 200; i++) {
                b.updateOneIter();
            }
            b.close();
        }
    }

    private static void rawXgboost(FeatureMatrix x, double[] y, Map<String, Object> params) throws Exception {
        DMatrix d = new DMatrix(BenchSupport.floats(x.values()), x.rows(), x.cols(), Float.NaN);
        d.setLabel(BenchSupport.floats(y));
        Booster b = XGBoost.train(d, params, 200, Map.of(), null, null);
        b.dispose();
        d.dispose();
    }
}
