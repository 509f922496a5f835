package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.TrackingClient;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.RegisteredModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
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
            out.print(client.tracking().searchRegisteredModels(filter, 1000), page -> {
                List<List<String>> rows = new ArrayList<>();
                for (RegisteredModel m : page.items()) {
                    int latest = m.latestVersions().stream().mapToInt(ModelVersion::version).max().orElse(0);
                    List<String> aliases = new ArrayList<>();
                    new TreeMap<>(m.aliases()).forEach((alias, v) -> aliases.add(alias + "→" + v));
                    rows.add(List.of(m.name(), latest == 0 ? "" : Integer.toString(latest), String.join(" ", aliases),
                            Mlflow.time(m.lastUpdatedTimestamp()), Output.text(m.description())));
                }
                out.table(List.of("NAME", "LATEST", "ALIASES", "UPDATED", "DESCRIPTION"), rows);
            });
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
            return new String[] {name, Integer.toString(client.tracking().modelVersionByAlias(name, alias).value().version())};
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
                out.print(client.tracking().registeredModel(ref), m -> out.fields(List.of(new String[] {"name", m.name()},
                        new String[] {"description", Output.text(m.description())}, new String[] {"created", Mlflow.time(m.creationTimestamp())},
                        new String[] {"tags", Mlflow.sorted(m.tags()).toString()})));
                return 0;
            }
            String[] nv = resolve(client, ref);
            out.print(client.modelVersion(nv[0], nv[1]), v -> {
                List<String[]> f = new ArrayList<>();
                f.add(new String[] {"model", v.name() + ":" + v.version()});
                f.add(new String[] {"stage", Output.text(v.currentStage())});
                f.add(new String[] {"aliases", String.join(", ", v.aliases())});
                f.add(new String[] {"flavors", String.join(", ", v.flavors())});
                f.add(new String[] {"source", Output.text(v.source())});
                f.add(v.storageLocation() != null ? new String[] {"stored at", v.storageLocation()}
                        : new String[] {"files", "none in this workspace: this version cannot be deployed or downloaded"});
                f.add(new String[] {"run", Output.text(v.runId())});
                f.add(new String[] {"status", Output.text(v.status())});
                f.add(new String[] {"created", Mlflow.time(v.creationTimestamp()) + " by " + Output.text(v.userId())});
                out.fields(f);
                if (v.signature() != null) {
                    out.line("signature:");
                    signature(client, v).fields().forEachRemaining(e -> out.line("  " + e.getKey() + ": " + e.getValue().asText()));
                }
            });
            return 0;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "Every version of a registered model.")
    static final class Versions extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            client.tracking().registeredModel(name);
            out.print(client.tracking().searchModelVersions("name = '" + name.replace("'", "\\'") + "'", List.of("version_number DESC"), 10000),
                    page -> out.table(List.of("VERSION", "STAGE", "ALIASES", "RUN", "CREATED", "SOURCE"), page.items().stream()
                            .map(v -> List.of(Integer.toString(v.version()), Output.text(v.currentStage()), String.join(",", v.aliases()),
                                    Output.text(v.runId()), Mlflow.time(v.creationTimestamp()), Output.text(v.source())))
                            .toList()));
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
            ModelVersion v = client.modelVersion(nv[0], nv[1]).value();
            if (v.storageLocation() == null) {
                throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "model " + ref + " has no files in this workspace; its source is "
                        + Output.text(v.source()));
            }
            String folder = v.storageLocation().replaceFirst("^mlflow-artifacts:/+", "");
            Path root = to.toAbsolutePath().normalize();
            int n = Downloads.folder(client, folder, root, out);
            out.note("Downloaded " + v.name() + ":" + v.version() + " (" + n + " files) to " + root);
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
                runId = client.job(job).value().bestRun().orElse(job);
            }
            ModelVersion v = register(client, runId, path, name, description);
            if (out.isJson()) {
                out.json(client.modelVersion(v.name(), Integer.toString(v.version())).json());
            } else {
                out.line(v.name() + ":" + v.version());
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
    static ModelVersion register(CeruleanClient client, String runId, String path, String name, String description) {
        TrackingClient tracking = client.tracking();
        String model = name != null ? name : Output.text(tracking.run(runId).value().info().runName());
        try {
            tracking.registeredModel(model);
        } catch (CeruleanException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                throw e;
            }
            tracking.createRegisteredModel(model);
        }
        return tracking.createModelVersion(model, "runs:/" + runId + "/" + path.replaceAll("^/+|/+$", ""), runId, description).value();
    }

    /** A version's MLflow signature ({@code {"inputs": "[...]", "outputs": "[...]"}}) as a JSON object. */
    static JsonNode signature(CeruleanClient client, ModelVersion v) {
        try {
            return client.json().readTree(v.signature());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CeruleanException(ErrorCode.INTERNAL, "the server sent an unreadable signature of " + v.name() + ":" + v.version());
        }
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
