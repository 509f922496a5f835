package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean model list|show|versions|download|register}: the model registry. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Registered models and their versions.",
        subcommands = {ModelCommand.ListCmd.class, ModelCommand.Show.class, ModelCommand.Versions.class, ModelCommand.Download.class,
                ModelCommand.Register.class, ModelCommand.Predict.class})
public final class ModelCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List registered models.")
    static final class ListCmd extends ClientCommand {
        @Option(names = "--filter", description = "e.g. \"name LIKE 'churn%'\".")
        String filter;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("max_results", 1000);
            if (filter != null) {
                body.put("filter", filter);
            }
            JsonNode page = client.mlflowPost("registered-models/search", body);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode m : page.path("registered_models")) {
                int latest = 0;
                for (JsonNode v : m.path("latest_versions")) {
                    latest = Math.max(latest, v.get("version").asInt());
                }
                List<String> aliases = new ArrayList<>();
                m.path("aliases").forEach(a -> aliases.add(a.get("alias").asText() + "→" + a.get("version").asText()));
                rows.add(List.of(m.get("name").asText(), latest == 0 ? "" : Integer.toString(latest), String.join(" ", aliases),
                        Mlflow.time(m.get("last_updated_timestamp")), m.path("description").asText()));
            }
            out.table(List.of("NAME", "LATEST", "ALIASES", "UPDATED", "DESCRIPTION"), rows);
            return 0;
        }
    }

    /** NAME[:VERSION|@ALIAS] to a version number (text), looking up aliases and "latest"; NAME may hold '@' (x@y:1). */
    static String[] resolve(CeruleanClient client, String ref) {
        int at = ref.lastIndexOf('@');
        if (at > 0 && !ref.substring(at).matches("@[^:]*:([0-9]+|latest)")) {
            String name = ref.substring(0, at);
            String alias = ref.substring(at + 1);
            if (alias.equals("latest")) {
                return new String[] {name, "latest"};
            }
            JsonNode v = client.mlflowGet("registered-models/alias", Map.of("name", name, "alias", alias)).get("model_version");
            return new String[] {name, v.get("version").asText()};
        }
        String[] nv = Specs.nameAndVersion(ref);
        return nv;
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "A registered model (NAME) or one version (NAME:VERSION, NAME@ALIAS): flavors, signature, source run.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME[:VERSION|@ALIAS]")
        String ref;

        @Override
        protected int run(CeruleanClient client, Output out) {
            boolean version = ref.contains(":") || ref.contains("@");
            if (!version) {
                JsonNode m = client.mlflowGet("registered-models/get", Map.of("name", ref)).get("registered_model");
                if (out.isJson()) {
                    out.json(m);
                    return 0;
                }
                out.fields(List.of(new String[] {"name", m.get("name").asText()}, new String[] {"description", m.path("description").asText()},
                        new String[] {"created", Mlflow.time(m.get("creation_timestamp"))},
                        new String[] {"tags", Mlflow.keyValues(m.path("tags")).toString()}));
                return 0;
            }
            String[] nv = resolve(client, ref);
            JsonNode v = client.modelVersion(nv[0], nv[1]);
            if (out.isJson()) {
                out.json(v);
                return 0;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"model", v.get("name").asText() + ":" + v.get("version").asText()});
            f.add(new String[] {"stage", v.path("current_stage").asText()});
            f.add(new String[] {"aliases", String.join(", ", texts(v.path("aliases")))});
            f.add(new String[] {"flavors", String.join(", ", texts(v.path("flavors")))});
            f.add(new String[] {"source", v.path("source").asText()});
            f.add(v.hasNonNull("storage_location") ? new String[] {"stored at", v.get("storage_location").asText()}
                    : new String[] {"files", "none in this workspace: this version cannot be deployed or downloaded"});
            f.add(new String[] {"run", v.path("run_id").asText()});
            f.add(new String[] {"status", v.path("status").asText()});
            f.add(new String[] {"created", Mlflow.time(v.get("creation_timestamp")) + " by " + v.path("user_id").asText()});
            out.fields(f);
            if (v.hasNonNull("signature")) {
                out.line("signature:");
                JsonNode sig = v.get("signature");
                if (sig.isTextual()) {
                    try {
                        sig = client.json().readTree(sig.asText());
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        throw new CeruleanException(ErrorCode.INTERNAL, "the server sent an unreadable signature");
                    }
                }
                sig.fields().forEachRemaining(e -> out.line("  " + e.getKey() + ": " + e.getValue().asText()));
            }
            return 0;
        }

        private static List<String> texts(JsonNode a) {
            List<String> out = new ArrayList<>();
            a.forEach(x -> out.add(x.asText()));
            return out;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "Every version of a registered model.")
    static final class Versions extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            client.mlflowGet("registered-models/get", Map.of("name", name));
            JsonNode page = client.mlflowPost("model-versions/search", Map.of("filter", "name = '" + name.replace("'", "\\'") + "'",
                    "max_results", 10000, "order_by", List.of("version_number DESC")));
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode v : page.path("model_versions")) {
                List<String> aliases = new ArrayList<>();
                v.path("aliases").forEach(a -> aliases.add(a.asText()));
                rows.add(List.of(v.get("version").asText(), v.get("current_stage").asText(), String.join(",", aliases),
                        v.path("run_id").asText(), Mlflow.time(v.get("creation_timestamp")), v.get("source").asText()));
            }
            out.table(List.of("VERSION", "STAGE", "ALIASES", "RUN", "CREATED", "SOURCE"), rows);
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a model version's files into a folder.")
    static final class Download extends ClientCommand {
        @Parameters(paramLabel = "NAME:VERSION|NAME@ALIAS")
        String ref;
        @Option(names = "--to", required = true, paramLabel = "DIR")
        Path to;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            String[] nv = resolve(client, ref);
            JsonNode v = client.modelVersion(nv[0], nv[1]);
            if (!v.hasNonNull("storage_location")) {
                throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "model " + ref + " has no files in this workspace; its source is "
                        + v.path("source").asText());
            }
            String folder = v.get("storage_location").asText().replaceFirst("^mlflow-artifacts:/+", "");
            Path root = to.toAbsolutePath().normalize();
            int n = Downloads.folder(client, folder, root, out);
            out.note("Downloaded " + v.get("name").asText() + ":" + v.get("version").asText() + " (" + n + " files) to " + root);
            return 0;
        }
    }

    @Command(name = "register", mixinStandardHelpOptions = true,
            description = "Register the model a run logged (a folder of its artifacts) as a new version; prints NAME:VERSION.")
    static final class Register extends ClientCommand {
        @Option(names = "--run", paramLabel = "RUN_ID", description = "The run that logged the model.")
        String runId;
        @Option(names = "--job", paramLabel = "JOB", description = "The job that trained it (for sweeps and AutoML: its best trial's model).")
        String job;
        @Option(names = "--path", defaultValue = "model", description = "The model's folder in the run's artifacts (default: ${DEFAULT-VALUE}).")
        String path;
        @Option(names = "--name", description = "Registered model name (default: the run's name).")
        String name;
        @Option(names = "--description")
        String description;

        @Override
        protected int run(CeruleanClient client, Output out) {
            if ((runId == null) == (job == null)) {
                throw new InvalidParameterException("give exactly one of --run and --job", "run");
            }
            if (job != null) {
                runId = client.job(job).path("best_run").asText(job);
            }
            JsonNode v = register(client, runId, path, name, description);
            String model = v.get("name").asText();
            if (out.isJson()) {
                out.json(client.modelVersion(model, v.get("version").asText()));
            } else {
                out.line(model + ":" + v.get("version").asText());
            }
            return 0;
        }
    }

    /**
     * Registers the model folder a run logged as a new version, creating the registered model on first use.
     *
     * @param name        registered model name, or null for the run's name
     * @param description the version's description, or null
     * @return the new model version, in MLflow's fields
     */
    static JsonNode register(CeruleanClient client, String runId, String path, String name, String description) {
        JsonNode run = client.mlflowGet("runs/get", Map.of("run_id", runId)).get("run");
        String model = name != null ? name : run.get("info").path("run_name").asText();
        try {
            client.mlflowGet("registered-models/get", Map.of("name", model));
        } catch (CeruleanException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            client.mlflowPost("registered-models/create", Map.of("name", model));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", model);
        body.put("source", "runs:/" + runId + "/" + path.replaceAll("^/+|/+$", ""));
        body.put("run_id", runId);
        if (description != null) {
            body.put("description", description);
        }
        return client.mlflowPost("model-versions/create", body).get("model_version");
    }

    @Command(name = "predict", mixinStandardHelpOptions = true,
            description = "Score a file (CSV, TSV, Parquet or JSON lines) with a registered model; writes predictions as CSV.")
    static final class Predict extends ClientCommand {
        @Option(names = {"-m", "--model"}, required = true, paramLabel = "NAME:VERSION|NAME@ALIAS")
        String ref;
        @Option(names = {"-i", "--input"}, required = true, paramLabel = "FILE")
        Path input;
        @Option(names = {"-O", "--output-file"}, required = true, paramLabel = "FILE", description = "Where to write the predictions (CSV).")
        Path output;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            if (!java.nio.file.Files.isRegularFile(input)) {
                throw new InvalidParameterException("input file '" + input + "' does not exist", "input");
            }
            String[] nv = resolve(client, ref);
            int rows = client.predict(nv[0], nv[1], input, output);
            out.note("Scored " + rows + " rows with " + nv[0] + ":" + nv[1] + " into " + output.toAbsolutePath().normalize());
            return 0;
        }
    }
}
