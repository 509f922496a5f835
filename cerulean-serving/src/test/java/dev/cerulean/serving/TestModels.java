package dev.cerulean.serving;

import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.Training;
import dev.cerulean.ml.train.TrainSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Models for serving tests: small real LightGBM models trained on seeded data, and stubs whose behaviour a test controls. */
public final class TestModels {
    private static Model classifier;
    private static Model regressor;

    private TestModels() {
    }

    /** Seeded income-like data: age (integer), hours (double), workclass (categorical) → income. */
    public static Frame incomeData(int n, long seed) {
        Random rnd = new Random(seed);
        double[] age = new double[n];
        double[] hours = new double[n];
        String[] work = new String[n];
        String[] income = new String[n];
        String[] classes = {"private", "public", "self"};
        for (int i = 0; i < n; i++) {
            age[i] = 18 + rnd.nextInt(60);
            hours[i] = 10 + rnd.nextDouble() * 50;
            work[i] = classes[rnd.nextInt(3)];
            double score = (age[i] - 40) / 10 + (hours[i] - 35) / 10 + (work[i].equals("self") ? 1 : 0) + rnd.nextGaussian() * 0.5;
            income[i] = score > 0 ? ">50K" : "<=50K";
        }
        return Frame.of(new NumericColumn("age", age, true), NumericColumn.of("hours", hours), StringColumn.categorical("workclass", work),
                StringColumn.categorical("income", income));
    }

    /** A LightGBM classifier of income from age (long), hours (double) and workclass (string), loaded from its package. */
    public static synchronized Model classifier() {
        if (classifier == null) {
            classifier = trainAndLoad(incomeData(400, 7), "income");
        }
        return classifier;
    }

    /** A LightGBM regressor of hours from age and workclass. */
    public static synchronized Model regressor() {
        if (regressor == null) {
            regressor = trainAndLoad(incomeData(400, 8).drop(List.of("income")), "hours");
        }
        return regressor;
    }

    /** Trains and saves a package, and loads it back as a server would. */
    public static Model trainAndLoad(Frame data, String target) {
        return ModelPackage.load(trainAndSave(data, target));
    }

    /** Trains a LightGBM model (20 trees, seed 1) and saves its package in a temporary folder, which it returns. */
    public static Path trainAndSave(Frame data, String target) {
        try {
            var trained = Training.train(TrainSpec.builder().frame(data).target(target).algorithm("lightgbm").seed(1).cvFolds(0).threads(1)
                    .hyperparameter("n_estimators", 20).build()).model();
            Path dir = Files.createTempDirectory("serving-model").resolve("model");
            ModelPackage.save(trained, dir, ModelPackage.SaveOptions.NONE);
            trained.close();
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A regression model on one column {@code x} whose prediction a test decides (to block, fail, or count). */
    public static final class Stub implements Model {
        private final ModelSignature signature = new ModelSignature(List.of(new ModelSignature.ColumnSpec("x", "double", true)),
                ModelSignature.outputs(true, false, List.of()));
        private volatile Function<Frame, Predictions> behaviour;

        public Stub(Function<Frame, Predictions> behaviour) {
            this.behaviour = behaviour;
        }

        /** x * factor for every row. */
        public static Stub times(double factor) {
            return new Stub(f -> {
                NumericColumn x = (NumericColumn) f.column("x");
                double[] out = new double[f.rowCount()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = x.value(i) * factor;
                }
                return Predictions.regression(out);
            });
        }

        public void behave(Function<Frame, Predictions> b) {
            behaviour = b;
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }

        @Override
        public List<String> classes() {
            return List.of();
        }

        @Override
        public ModelSignature signature() {
            return signature;
        }

        @Override
        public Predictions predict(Frame input) {
            return behaviour.apply(input);
        }
    }
}
