package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.cli.Main;
import dev.cerulean.server.CeruleanServer;
import dev.cerulean.service.WorkspaceConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as users type it, against a server (--url) and against an embedded workspace (--home). */
class CliIT {
    record Result(int code, String out, String err) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + out + "\nstderr: " + err, e);
            }
        }
    }

    static synchronized Result cli(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @TempDir
    Path dir;

    Path write(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    @Nested
    class AgainstAServer {
        CeruleanServer server;
        String url;

        @BeforeEach
        void start() {
            server = CeruleanServer.start(WorkspaceConfig.at(dir.resolve("home")), "127.0.0.1", 0);
            url = server.url();
        }

        @AfterEach
        void stop() {
            server.close();
        }

        @Test
        void createsFromAYamlFileAndReadsBack() throws IOException {
            write("data/iris.csv", "sepal,species\n5.1,setosa\n4.9,setosa\n");
            Path yml = write("data/iris.yml", """
                    $schema: https://azuremlschemas.azureedge.net/latest/data.schema.json
                    name: iris
                    description: Iris flowers
                    type: uri_file
                    path: ./iris.csv
                    tags:
                      source: uci
                    """);

            Result created = cli("--url", url, "data", "create", "-f", yml.toString());
            assertThat(created.code()).as(created.err()).isZero();
            assertThat(created.out()).contains("Registered data asset iris:1").contains("sepal DOUBLE");

            Result list = cli("--url", url, "data", "list", "-o", "json");
            assertThat(list.json().get("items").get(0).get("name").asText()).isEqualTo("iris");
            Result table = cli("--url", url, "data", "list");
            assertThat(table.out()).contains("NAME").contains("iris");

            assertThat(cli("--url", url, "data", "show", "iris:1").out()).contains("content hash:").contains("sha256:");
            assertThat(cli("--url", url, "data", "show", "iris", "-o", "json").json().get("version").asInt()).isEqualTo(1);
            assertThat(cli("--url", url, "data", "versions", "iris").out()).contains("VERSION");

            Result profile = cli("--url", url, "data", "profile", "iris:1");
            assertThat(profile.out()).contains("2 rows, 2 columns").contains("top: setosa (2)");
            assertThat(cli("--url", url, "data", "profile", "iris:1", "-o", "json").json().get("row_count").asInt()).isEqualTo(2);

            Result dl = cli("--url", url, "data", "download", "iris:1", "--to", dir.resolve("out").toString());
            assertThat(dl.code()).isZero();
            assertThat(Files.readString(dir.resolve("out/iris.csv"))).startsWith("sepal,species");
        }

        @Test
        void createsFromOptionsAndInfersTheType() throws IOException {
            write("folder/a.csv", "x\n1\n");

            Result r = cli("--url", url, "data", "create", "--name", "f", "--path", dir.resolve("folder").toString(), "-o", "json");

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.json().get("type").asText()).isEqualTo("uri_folder");
        }

        @Test
        void registersDatastoresAndShowsTheWorkspaceAndAudit() throws IOException {
            Files.createDirectories(dir.resolve("raw"));

            assertThat(cli("--url", url, "datastore", "create", "--name", "raw", "--path", dir.resolve("raw").toString()).out())
                    .contains("azureml://datastores/raw/paths/");
            assertThat(cli("--url", url, "datastore", "list").out()).contains("raw").contains("workspaceblobstore");
            assertThat(cli("--url", url, "workspace", "show").out()).contains("home:").contains("database:").contains("cerulean:");
            Result audit = cli("--url", url, "audit", "list", "-o", "json");
            assertThat(audit.json().get("items").get(0).get("action").asText()).isEqualTo("datastore.create");
            assertThat(audit.json().get("items").get(0).get("principal").asText()).isEqualTo(System.getProperty("user.name"));
        }

        @Test
        void showsExperimentsRunsAndComparesThem() throws IOException {
            String api = url + "/api/2.0/mlflow/";
            String exp = Http.send("POST", api + "experiments/create", "{\"name\": \"churn\"}").json().get("experiment_id").asText();
            String a = Http.send("POST", api + "runs/create", "{\"experiment_id\": \"" + exp + "\", \"run_name\": \"a\"}").json()
                    .get("run").get("info").get("run_id").asText();
            String b = Http.send("POST", api + "runs/create", "{\"experiment_id\": \"" + exp + "\", \"run_name\": \"b\"}").json()
                    .get("run").get("info").get("run_id").asText();
            for (String[] r : new String[][] {{a, "0.1", "xgb"}, {b, "0.3", "lgbm"}}) {
                Http.send("POST", api + "runs/log-batch", "{\"run_id\": \"" + r[0] + "\", \"params\": [{\"key\": \"model\", \"value\": \""
                        + r[2] + "\"}, {\"key\": \"seed\", \"value\": \"1\"}], \"metrics\": [{\"key\": \"loss\", \"value\": 0.9, "
                        + "\"timestamp\": 1, \"step\": 0}, {\"key\": \"loss\", \"value\": " + r[1] + ", \"timestamp\": 2, \"step\": 1}]}");
            }

            assertThat(cli("--url", url, "experiment", "list").out()).contains("churn").contains("Default");
            assertThat(cli("--url", url, "experiment", "show", "churn").out()).contains("RUN").contains(a);
            Result list = cli("--url", url, "run", "list", "-e", "churn", "--filter", "params.model = 'xgb'", "-o", "json");
            assertThat(list.json().get("runs")).hasSize(1);
            assertThat(cli("--url", url, "run", "show", a).out()).contains("PARAMS").contains("model").contains("loss");
            Result cmp = cli("--url", url, "run", "compare", a, b);
            assertThat(cmp.out()).contains("* params.model").contains("  params.seed").contains("metrics.loss (final)")
                    .contains("metrics.loss (min)");
            Path png = dir.resolve("loss.png");
            Result metrics = cli("--url", url, "run", "metrics", a, "--key", "loss", "--png", png.toString());
            assertThat(metrics.code()).as(metrics.err()).isZero();
            assertThat(metrics.out()).contains("2 points").contains("last 0.1000");
            assertThat(Files.readAllBytes(png)).startsWith(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
            assertThat(cli("--url", url, "run", "metrics", a, "--key", "nope").err()).contains("no metric 'nope'");
        }

        @Test
        void registersAndDownloadsAModelThatARunLogged() throws IOException {
            String api = url + "/api/2.0/mlflow/";
            String run = Http.send("POST", api + "runs/create", "{\"experiment_id\": \"0\", \"run_name\": \"trainer\"}").json()
                    .get("run").get("info").get("run_id").asText();
            String root = url + "/api/2.0/mlflow-artifacts/artifacts/0/" + run + "/artifacts/model/";
            assertThat(Http.send("PUT", root + "MLmodel", "flavors:\n  lightgbm: {lgb_version: 4.3.0, data: model.lgb}\n"
                    + "signature:\n  inputs: '[{\"type\": \"double\", \"name\": \"age\"}]'\n").status()).isEqualTo(200);
            assertThat(Http.send("PUT", root + "model.lgb", "tree").status()).isEqualTo(200);

            Result reg = cli("--url", url, "model", "register", "--run", run, "--path", "model", "--name", "income");
            assertThat(reg.code()).as(reg.err()).isZero();
            assertThat(reg.out().strip()).isEqualTo("income:1");
            assertThat(cli("--url", url, "model", "list").out()).contains("income");
            assertThat(cli("--url", url, "model", "versions", "income").out()).contains(run);
            Result show = cli("--url", url, "model", "show", "income:1");
            assertThat(show.out()).contains("flavors:").contains("lightgbm").contains("signature:").contains("age");
            Result dl = cli("--url", url, "model", "download", "income:1", "--to", dir.resolve("m").toString());
            assertThat(dl.code()).as(dl.err()).isZero();
            assertThat(Files.readString(dir.resolve("m/model.lgb"))).isEqualTo("tree");
            assertThat(cli("--url", url, "lineage", "show", "model", "income:1").out()).contains("job:" + run);
        }

        @Test
        void reportsErrorsWithExitCodeOne() throws IOException {
            Path ragged = write("bad.csv", "a,b\n1,2\n3,4,5\n");

            Result r = cli("--url", url, "data", "create", "--name", "bad", "--path", ragged.toString());

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("error:").contains("bad.csv line 3");
            assertThat(cli("--url", url, "data", "show", "nope").err()).contains("does not exist");
        }
    }

    @Test
    void runsOnAnEmbeddedWorkspaceWhenNoServerAnswers() throws IOException {
        Path home = dir.resolve("embedded");
        write("a.csv", "x\n1\n2\n");

        Result r = cli("--home", home.toString(), "data", "create", "--name", "a", "--path", dir.resolve("a.csv").toString());
        assertThat(r.code()).as(r.err()).isZero();

        Result again = cli("--home", home.toString(), "data", "list", "-o", "json");
        assertThat(again.json().get("items").get(0).get("name").asText()).isEqualTo("a");
        assertThat(home.resolve("db")).isDirectory();
    }

    @Nested
    class Validate {
        @Test
        void printsTheNormalisedSpecAndExitsZero() throws IOException {
            write("t.csv", "x\n1\n");
            Path yml = write("d.yml", "$schema: http://azureml/sdk-2-0/Data.json\nname: t\ntype: uri_file\npath: t.csv\n");

            Result r = cli("validate", "-f", yml.toString());

            assertThat(r.code()).isZero();
            assertThat(r.out()).contains("path: " + dir.resolve("t.csv"));
            assertThat(r.err()).contains("valid data spec");
            assertThat(cli("validate", "-f", yml.toString(), "-o", "json").json().get("spec").get("name").asText()).isEqualTo("t");
        }

        @Test
        void listsEveryProblemAndExitsNonZero() throws IOException {
            Path yml = write("d.yml", "name: t\ntyp: uri_file\npth: t.csv\n");

            Result r = cli("validate", "-f", yml.toString(), "--kind", "data");

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("typ: unknown field 'typ' (did you mean 'type'?)")
                    .contains("pth: unknown field 'pth' (did you mean 'path'?)").contains("path: 'path' is required");
            JsonNode json = cli("validate", "-f", yml.toString(), "--kind", "data", "-o", "json").json();
            assertThat(json.get("valid").asBoolean()).isFalse();
            assertThat(json.get("problems")).hasSize(3);
        }

        @Test
        void reportsKindsThatAreNotSupportedYet() throws IOException {
            Path yml = write("pipeline.yml", "type: pipeline\njobs:\n  prep:\n    command: python prep.py\n");

            Result r = cli("validate", "-f", yml.toString());

            assertThat(r.code()).isEqualTo(3);
            assertThat(r.err()).contains("pipeline job specs are not supported yet");
        }
    }

    @Test
    void everyCommandHasHelp() {
        for (String[] cmd : new String[][] {{"--help"}, {"data", "--help"}, {"data", "create", "--help"}, {"datastore", "list", "--help"},
                {"server", "--help"}, {"quickstart", "--help"}, {"validate", "--help"}, {"audit", "list", "--help"},
                {"lineage", "show", "--help"}, {"workspace", "show", "--help"}, {"experiment", "list", "--help"},
                {"run", "compare", "--help"}, {"run", "metrics", "--help"}, {"model", "register", "--help"}, {"model", "download", "--help"},
                {"job", "create", "--help"}, {"job", "show", "--help"}, {"job", "cancel", "--help"}, {"train", "--help"},
                {"compute", "create", "--help"}, {"model", "predict", "--help"}}) {
            Result r = cli(cmd);
            assertThat(r.code()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }
}
