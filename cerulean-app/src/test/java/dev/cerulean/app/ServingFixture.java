package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.pkg.ModelPackage;
import dev.cerulean.ml.train.TrainSpec;
import dev.cerulean.ml.train.Training;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What endpoint tests need: real model packages (LightGBM trained on the first rows of the Adult
 * sample, trained once per JVM; an ONNX model that fails on every input), registered through the MLflow
 * REST API as a client would, and requests to score.
 */
final class ServingFixture {
    static final Path ADULT = Path.of("../samples/data/adult.csv").toAbsolutePath().normalize();
    private static Path packages;

    private ServingFixture() {
    }

    /** The first {@code n} data rows of Adult, as a CSV file in {@code dir}. */
    static Path adultRows(Path dir, String name, int n) throws IOException {
        List<String> lines;
        try (Stream<String> s = Files.lines(ADULT)) {
            lines = s.limit(n + 1L).toList();
        }
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, lines);
        return p;
    }

    /** Two LightGBM income models (different seeds and sizes) saved as packages: {@code <dir>/v1}, {@code <dir>/v2}. */
    static synchronized Path packages() throws IOException {
        if (packages == null) {
            Path dir = Files.createTempDirectory("serving-it-models");
            Path data = adultRows(dir, "train.csv", 4000);
            for (int v = 1; v <= 2; v++) {
                var model = Training.train(TrainSpec.builder().source(TableSource.of(data)).target("income").algorithm("lightgbm").seed(v)
                        .cvFolds(0).threads(1).hyperparameter("n_estimators", 20 * v).build()).model();
                ModelPackage.save(model, dir.resolve("v" + v), ModelPackage.SaveOptions.NONE);
                model.close();
            }
            packages = dir;
        }
        return packages;
    }

    /** An MLflow onnx-flavor package whose model fails on every input (its weights do not fit its two columns). */
    static Path failingOnnx(Path dir) throws IOException {
        Path p = dir.resolve("broken-onnx");
        Files.createDirectories(p);
        Files.write(p.resolve("model.onnx"), OnnxBytes.mismatched(3));
        Files.writeString(p.resolve("MLmodel"), """
                artifact_path: model
                flavors:
                  onnx: {data: model.onnx, onnx_version: 1.16.0}
                signature:
                  inputs: '[{"type": "double", "name": "a"}, {"type": "double", "name": "b"}]'
                  outputs: '[{"type": "double"}]'
                """);
        return p;
    }

    /** Uploads a model folder to a new run's artifacts and registers it as the next version of {@code name}; returns the version. */
    static int register(String baseUrl, String name, Path modelDir) throws Exception {
        String api = baseUrl + "/api/2.0/mlflow/";
        JsonNode run = Http.send("POST", api + "runs/create", "{\"experiment_id\": \"0\"}").json();
        String runId = run.get("run").get("info").get("run_id").asText();
        try (Stream<Path> files = Files.walk(modelDir)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = modelDir.relativize(f).toString().replace('\\', '/');
                HttpResponse<String> r = Http.CLIENT.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/2.0/mlflow-artifacts/artifacts/0/"
                        + runId + "/artifacts/model/" + rel)).PUT(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
        Http.send("POST", api + "registered-models/create", "{\"name\": \"" + name + "\"}");
        Http.Response v = Http.send("POST", api + "model-versions/create", "{\"name\": \"" + name + "\", \"source\": \"runs:/" + runId
                + "/model\", \"run_id\": \"" + runId + "\"}");
        assertThat(v.status()).as(v.body()).isEqualTo(200);
        return v.json().get("model_version").get("version").asInt();
    }

    /** A request in Azure's split orient with the first {@code n} Adult rows (without income). */
    static String scoreRequest(int n) throws IOException {
        List<String> lines;
        try (Stream<String> s = Files.lines(ADULT)) {
            lines = s.limit(n + 1L).toList();
        }
        String[] header = lines.get(0).split(",");
        StringBuilder sb = new StringBuilder("{\"input_data\": {\"columns\": [");
        for (int i = 0; i < header.length - 1; i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(header[i]).append('"');
        }
        sb.append("], \"index\": [");
        for (int r = 0; r < n; r++) {
            sb.append(r == 0 ? "" : ", ").append(r);
        }
        sb.append("], \"data\": [");
        for (int r = 1; r <= n; r++) {
            String[] cells = lines.get(r).split(",");
            sb.append(r == 1 ? "[" : ", [");
            for (int i = 0; i < cells.length - 1; i++) {
                boolean number = cells[i].matches("-?\\d+(\\.\\d+)?");
                sb.append(i == 0 ? "" : ", ").append(number ? cells[i] : "\"" + cells[i] + "\"");
            }
            sb.append(']');
        }
        return sb.append("]}}").toString();
    }

    /** {@link #scoreRequest} for tests that do not declare IOException. */
    static String scoreRequestUnchecked(int n) {
        try {
            return scoreRequest(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTTP exchange with headers, for scoring routes. */
    static Reply call(String method, String url, String contentType, String body, Map<String, String> headers) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            headers.forEach(b::header);
            HttpResponse<String> r = Http.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A response with its headers. */
    record Reply(int status, String body, Map<String, List<String>> headers) {
        JsonNode json() {
            try {
                return Http.JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(e -> e.getValue().get(0)).findFirst()
                    .orElse(null);
        }
    }
}
