package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cerulean processes started at the same moment, sharing one temporary folder as they do on a
 * user's machine: a server, CLI trainings on embedded workspaces and against the server, and a
 * prediction. Each loads LightGBM, XGBoost and DuckDB while the others do; LightGBM used to unpack
 * into a fixed file there, and a starting process truncated the library another one had mapped.
 */
class ConcurrentProcessesIT {
    private static final Path SAMPLES = Path.of(System.getProperty("user.dir")).resolve("../samples/data").normalize();
    private static final Duration LIMIT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    @Test
    void aServerCliTrainingsAndAPredictionStartedTogetherAllFinish() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        List<String> jvm = List.of("-Djava.io.tmpdir=" + tmp, "-Dcerulean.natives=" + dir.resolve("natives"));
        String data = SAMPLES.resolve("penguins.csv").toString();
        Path rows = dir.resolve("rows.csv");
        Files.write(rows, Files.readAllLines(Path.of(data)).subList(0, 40));

        // A model to predict with, made beforehand.
        Path predictHome = dir.resolve("predict-home");
        try (CeruleanProcess prep = CeruleanProcess.start(dir, "prep", jvm, "--home", predictHome.toString(), "train", "--data", data,
                "--target", "species", "--cv-folds", "0", "--register", "penguins")) {
            assertThat(prep.awaitExit(LIMIT)).as(prep.output()).isZero();
        }

        int port = CeruleanProcess.freePort();
        List<CeruleanProcess> all = new ArrayList<>();
        try (CeruleanProcess server = CeruleanProcess.start(dir, "server", jvm, "server", "--port", Integer.toString(port), "--home",
                dir.resolve("server-home").toString())) {
            for (int i = 0; i < 2; i++) {
                all.add(CeruleanProcess.start(dir, "lightgbm-" + i, jvm, "--home", dir.resolve("home-" + i).toString(), "train",
                        "--data", data, "--target", "species", "--cv-folds", "2"));
            }
            all.add(CeruleanProcess.start(dir, "xgboost", jvm, "--home", dir.resolve("home-xgb").toString(), "train", "--data", data,
                    "--target", "species", "--algorithm", "xgboost", "--cv-folds", "2"));
            all.add(CeruleanProcess.start(dir, "predict", jvm, "--home", predictHome.toString(), "model", "predict", "-m", "penguins:1",
                    "-i", rows.toString(), "-O", dir.resolve("predictions.csv").toString()));
            server.awaitHealthy(port, Duration.ofMinutes(2));
            all.add(CeruleanProcess.start(dir, "remote", jvm, "--url", "http://127.0.0.1:" + port, "train", "--data", data,
                    "--target", "species", "--cv-folds", "2"));
            for (CeruleanProcess p : all) {
                assertThat(p.awaitExit(LIMIT)).as(p.name() + " exit code; its output:\n" + p.output()).isZero();
            }
            assertThat(server.process().isAlive()).as("the server outlived them all").isTrue();
            assertThat(Files.readAllLines(dir.resolve("predictions.csv"))).hasSize(40);
        } finally {
            all.forEach(CeruleanProcess::close);
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("JVM crash reports").noneMatch(n -> n.startsWith("hs_err"));
        }
    }
}
