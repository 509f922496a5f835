package dev.cerulean.server;

import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.frame.StringColumn;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A small real model package (LightGBM on seeded income-like rows: age, hours, workclass → income), saved once per JVM. */
final class TestModel {
    private static Path dir;

    private TestModel() {
    }

    static synchronized Path incomePackage() {
        if (dir == null) {
            try {
                Path d = Files.createTempDirectory("server-test-model");
                var model = Training.train(TrainSpec.builder().frame(incomeData(300, 7)).target("income").algorithm("lightgbm").seed(1)
                        .cvFolds(0).threads(1).hyperparameter("n_estimators", 10).build()).model();
                ModelPackage.save(model, d.resolve("model"), ModelPackage.SaveOptions.NONE);
                model.close();
                dir = d.resolve("model");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return dir;
    }

    private static Frame incomeData(int n, long seed) {
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
            income[i] = (age[i] - 40) / 10 + (hours[i] - 35) / 10 + rnd.nextGaussian() * 0.5 > 0 ? ">50K" : "<=50K";
        }
        return Frame.of(new NumericColumn("age", age, true), NumericColumn.of("hours", hours), StringColumn.categorical("workclass", work),
                StringColumn.categorical("income", income));
    }
}
