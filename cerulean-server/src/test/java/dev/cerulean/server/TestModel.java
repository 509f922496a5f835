package dev.cerulean.server;

import dev.cerulean.serving.TestModels;
import java.nio.file.Path;

/** A small real model package for the server's tests (serving's income classifier: age, hours, workclass), saved once per JVM. */
final class TestModel {
    private static Path dir;

    private TestModel() {
    }

    static synchronized Path incomePackage() {
        if (dir == null) {
            dir = TestModels.trainAndSave(TestModels.incomeData(300, 7), "income");
        }
        return dir;
    }
}
