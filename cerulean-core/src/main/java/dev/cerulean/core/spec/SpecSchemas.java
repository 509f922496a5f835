package dev.cerulean.core.spec;

import static dev.cerulean.core.spec.Shapes.bool;
import static dev.cerulean.core.spec.Shapes.integer;
import static dev.cerulean.core.spec.Shapes.listOf;
import static dev.cerulean.core.spec.Shapes.location;
import static dev.cerulean.core.spec.Shapes.name;
import static dev.cerulean.core.spec.Shapes.nonEmptyString;
import static dev.cerulean.core.spec.Shapes.number;
import static dev.cerulean.core.spec.Shapes.object;
import static dev.cerulean.core.spec.Shapes.oneOf;
import static dev.cerulean.core.spec.Shapes.scalarOr;
import static dev.cerulean.core.spec.Shapes.string;
import static dev.cerulean.core.spec.Shapes.tagged;
import static dev.cerulean.core.spec.Shapes.tags;
import static dev.cerulean.core.spec.Shapes.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The schemas of the kinds Cerulean supports, and the rules that tell kinds apart. Later kinds
 * register here; a kind with no schema is reported as "not supported yet".
 */
public final class SpecSchemas {
    /** Fields that matter only on Azure's cloud compute: accepted with a warning. */
    public static final List<String> CLOUD_ONLY_FIELDS = List.of("identity", "instance_type", "public_network_access",
            "egress_public_network_access", "app_insights_enabled", "scale_settings", "resources", "queue_settings",
            "services", "distribution", "model_mount_path");
    public static final String CLOUD_ONLY_REASON = "it configures Azure's cloud infrastructure, which has no meaning on a local workspace";

    private final Map<SpecKind, KindSchema> schemas;

    private SpecSchemas(Map<SpecKind, KindSchema> schemas) {
        this.schemas = schemas;
    }

    /** The schemas of every kind Cerulean supports. */
    public static SpecSchemas standard() {
        Map<SpecKind, KindSchema> m = new EnumMap<>(SpecKind.class);
        m.put(SpecKind.DATA, new KindSchema(SpecKind.DATA, data(), "uri_folder"));
        m.put(SpecKind.MLTABLE, new KindSchema(SpecKind.MLTABLE, mltable(), "mltable"));
        m.put(SpecKind.DATASTORE, new KindSchema(SpecKind.DATASTORE, datastore(), null));
        m.put(SpecKind.COMMAND_JOB, new KindSchema(SpecKind.COMMAND_JOB, JobSchemas.commandJob(), "command"));
        m.put(SpecKind.TRAIN_JOB, new KindSchema(SpecKind.TRAIN_JOB, JobSchemas.trainJob(), "train"));
        m.put(SpecKind.AUTOML_JOB, new KindSchema(SpecKind.AUTOML_JOB, JobSchemas.automlJob(), "automl"));
        // Only the form of the tuning sections: the workspace replaces this with the full schema from cerulean-ml.
        m.put(SpecKind.SWEEP_JOB, new KindSchema(SpecKind.SWEEP_JOB, JobSchemas.sweepJob(), "sweep"));
        m.put(SpecKind.COMPUTE, new KindSchema(SpecKind.COMPUTE, JobSchemas.compute(), "local"));
        m.put(SpecKind.ONLINE_ENDPOINT, new KindSchema(SpecKind.ONLINE_ENDPOINT, EndpointSchemas.onlineEndpoint(), null));
        m.put(SpecKind.ONLINE_DEPLOYMENT, new KindSchema(SpecKind.ONLINE_DEPLOYMENT, EndpointSchemas.onlineDeployment(), "managed"));
        m.put(SpecKind.BATCH_ENDPOINT, new KindSchema(SpecKind.BATCH_ENDPOINT, EndpointSchemas.batchEndpoint(), null));
        m.put(SpecKind.BATCH_DEPLOYMENT, new KindSchema(SpecKind.BATCH_DEPLOYMENT, EndpointSchemas.batchDeployment(), "model"));
        return new SpecSchemas(m);
    }

    /**
     * The standard schemas with those of every {@link SpecSchemaProvider} on the class path: what a
     * program that bundles later modules (the CLI in the application) checks specs with.
     */
    public static SpecSchemas installed() {
        return Installed.SCHEMAS;
    }

    private static final class Installed {
        static final SpecSchemas SCHEMAS = load();

        private static SpecSchemas load() {
            SpecSchemas s = standard();
            for (SpecSchemaProvider p : java.util.ServiceLoader.load(SpecSchemaProvider.class, SpecSchemas.class.getClassLoader())) {
                for (KindSchema k : p.schemas()) {
                    s = s.with(k);
                }
            }
            return s;
        }
    }

    /** These schemas plus (or replacing) one more: how later modules register their kinds. */
    public SpecSchemas with(KindSchema schema) {
        Map<SpecKind, KindSchema> m = new EnumMap<>(SpecKind.class);
        m.putAll(schemas);
        m.put(schema.kind(), schema);
        return new SpecSchemas(m);
    }

    public Optional<KindSchema> forKind(SpecKind kind) {
        return Optional.ofNullable(schemas.get(kind));
    }

    String supportedNames() {
        return schemas.keySet().stream().map(SpecKind::displayName).collect(Collectors.joining(", "));
    }

    /** The kind a document's {@code type} field names, given the kind the caller expects (which breaks ties). */
    Optional<SpecKind> kindFromType(ObjectNode body, SpecKind expected) {
        JsonNode t = body.get("type");
        if (t == null || !t.isTextual()) {
            return Optional.empty();
        }
        String type = t.asText().strip().toLowerCase(Locale.ROOT);
        boolean hasEndpoint = body.has("endpoint_name");
        SpecKind kind = switch (type) {
            case "command" -> expected == SpecKind.COMMAND_COMPONENT ? SpecKind.COMMAND_COMPONENT : SpecKind.COMMAND_JOB;
            case "sweep" -> SpecKind.SWEEP_JOB;
            case "pipeline" -> expected == SpecKind.PIPELINE_COMPONENT || expected == SpecKind.BATCH_DEPLOYMENT ? expected
                    : hasEndpoint ? SpecKind.BATCH_DEPLOYMENT : SpecKind.PIPELINE_JOB;
            case "automl" -> SpecKind.AUTOML_JOB;
            case "parallel" -> expected == SpecKind.PARALLEL_COMPONENT ? expected : SpecKind.PARALLEL_JOB;
            case "spark" -> expected == SpecKind.SPARK_COMPONENT ? expected : SpecKind.SPARK_JOB;
            case "train" -> SpecKind.TRAIN_JOB;
            case "uri_file", "uri_folder" -> SpecKind.DATA;
            case "mltable" -> body.has("paths") || expected == SpecKind.MLTABLE ? SpecKind.MLTABLE : SpecKind.DATA;
            case "local" -> expected == SpecKind.COMPUTE || body.has("max_concurrent_jobs") && !body.has("path") ? SpecKind.COMPUTE
                    : SpecKind.DATASTORE;
            case "azure_blob", "azure_file", "azure_data_lake_gen1", "azure_data_lake_gen2", "one_lake" -> SpecKind.DATASTORE;
            case "custom_model", "mlflow_model", "triton_model" -> SpecKind.MODEL;
            case "managed" -> SpecKind.ONLINE_DEPLOYMENT;
            case "kubernetes" -> hasEndpoint ? SpecKind.ONLINE_DEPLOYMENT : SpecKind.COMPUTE;
            case "model" -> hasEndpoint ? SpecKind.BATCH_DEPLOYMENT : null;
            case "amlcompute", "computeinstance", "virtualmachine", "synapsespark", "compute_instance" -> SpecKind.COMPUTE;
            default -> null;
        };
        return Optional.ofNullable(kind);
    }

    /** The kind a document without {@code type} or {@code $schema} must be, from its fields. */
    Optional<SpecKind> kindFromShape(ObjectNode body) {
        if (body.has("create_job") || body.has("create_monitor")) {
            return Optional.of(SpecKind.SCHEDULE);
        }
        if (body.has("command")) {
            return Optional.of(SpecKind.COMMAND_JOB);
        }
        if (body.has("sampling_algorithm") || body.has("search_space")) {
            return Optional.of(SpecKind.SWEEP_JOB);
        }
        if (body.has("jobs")) {
            return Optional.of(SpecKind.PIPELINE_JOB);
        }
        if (body.has("paths") && body.has("transformations") || body.has("paths") && !body.has("name")) {
            return Optional.of(SpecKind.MLTABLE);
        }
        if (body.has("endpoint_name")) {
            boolean batch = body.has("mini_batch_size") || body.has("output_action") || body.has("settings")
                    || body.has("compute") || body.has("error_threshold");
            return Optional.of(batch ? SpecKind.BATCH_DEPLOYMENT : SpecKind.ONLINE_DEPLOYMENT);
        }
        if (body.has("defaults")) {
            return Optional.of(SpecKind.BATCH_ENDPOINT);
        }
        if (body.has("auth_mode") || body.has("traffic")) {
            return Optional.of(SpecKind.ONLINE_ENDPOINT);
        }
        if (body.has("image") || body.has("build") || body.has("conda_file")) {
            return Optional.of(SpecKind.ENVIRONMENT);
        }
        if (body.has("task") && body.has("target_column_name")) {
            return Optional.of(SpecKind.AUTOML_JOB);
        }
        return Optional.empty();
    }

    // --- data ---------------------------------------------------------------------------------

    static ObjectShape data() {
        return object().describedAs("a data asset")
                .required("name", name())
                .optional("version", version())
                .optional("description", string())
                .optional("tags", tags())
                .optional("properties", tags())
                .optional("type", oneOf("uri_file", "uri_folder", "mltable"))
                .required("path", location(true))
                .ignored("auto_delete_setting", "Cerulean never deletes data versions on its own")
                .ignored("datastore", "data is stored in the workspace's own artifact store")
                .rule(SpecSchemas::dataPathMatchesType);
    }

    private static void dataPathMatchesType(ObjectNode o, String path, SpecContext ctx) {
        String type = o.path("type").asText("uri_folder");
        String p = o.path("path").asText();
        if (p.contains("://") || p.startsWith("azureml:")) {
            return;
        }
        Path local = Path.of(p);
        if (type.equals("uri_file") && ctx.isDirectory(local)) {
            ctx.error(SpecContext.child(path, "path"), "type is uri_file but '" + p + "' is a folder",
                    "use type: uri_folder, or point path at one file");
        } else if (type.equals("uri_folder") && ctx.isFile(local)) {
            ctx.error(SpecContext.child(path, "path"), "type is uri_folder but '" + p + "' is a file",
                    "use type: uri_file, or point path at its folder");
        } else if (type.equals("mltable") && !ctx.isFile(local.resolve("MLTable"))) {
            ctx.error(SpecContext.child(path, "path"), "type is mltable but '" + p + "' holds no MLTable file",
                    "point path at the folder that contains the MLTable file");
        }
    }

    // --- MLTable ------------------------------------------------------------------------------

    static ObjectShape mltable() {
        ObjectShape pathItem = object().describedAs("a path entry (file, folder or pattern)")
                .optional("file", nonEmptyString())
                .optional("folder", nonEmptyString())
                .optional("pattern", nonEmptyString())
                .rule((o, p, ctx) -> {
                    long n = List.of("file", "folder", "pattern").stream().filter(o::has).count();
                    if (n != 1) {
                        ctx.error(p, "a path entry needs exactly one of file, folder or pattern (found " + n + ")");
                    }
                });
        ObjectShape readDelimited = object()
                .optional("delimiter", string(), ",")
                .optional("header", oneOf("no_header", "from_first_file", "all_files_different_headers", "all_files_same_headers"), "all_files_same_headers")
                .optional("encoding", oneOf("utf8", "utf-8", "iso88591", "latin1", "ascii", "utf16", "utf32", "utf8bom", "windows1252"), "utf8")
                .optional("empty_as_string", bool(), false)
                .optional("include_path_column", bool(), false)
                .optional("support_multi_line", bool(), false)
                .optional("infer_column_types", bool(), true);
        ObjectShape readParquet = object().optional("include_path_column", bool(), false);
        ObjectShape readJsonLines = object()
                .optional("invalid_lines", oneOf("error", "drop"), "error")
                .optional("encoding", oneOf("utf8", "utf-8"), "utf8")
                .optional("include_path_column", bool(), false);
        Shape columns = listOf(nonEmptyString(), true);
        ObjectShape convertOne = object()
                .required("columns", columns)
                .required("column_type", scalarOr(oneOf("int", "float", "string", "boolean", "datetime"), Shapes.any()));
        ObjectShape sample = object().required("probability", number(0, 1)).optional("seed", integer(0, Long.MAX_VALUE));
        Map<String, Shape> transforms = new LinkedHashMap<>();
        transforms.put("read_delimited", readDelimited);
        transforms.put("read_parquet", readParquet);
        transforms.put("read_json_lines", readJsonLines);
        transforms.put("take", integer(0, Long.MAX_VALUE));
        transforms.put("skip", integer(0, Long.MAX_VALUE));
        transforms.put("take_random_sample", sample);
        transforms.put("drop_columns", columns);
        transforms.put("keep_columns", columns);
        transforms.put("filter", nonEmptyString());
        transforms.put("convert_column_types", listOf(convertOne, false));
        return object().describedAs("an MLTable")
                .optional("type", oneOf("mltable"))
                .required("paths", listOf(pathItem, false))
                .optional("transformations", listOf(tagged(transforms, true), false))
                .optional("metadata", Shapes.any())
                .optional("traits", Shapes.any())
                .rule((o, p, ctx) -> {
                    if (o.path("paths").isEmpty()) {
                        ctx.error(SpecContext.child(p, "paths"), "needs at least one path entry");
                    }
                });
    }

    // --- datastore ----------------------------------------------------------------------------

    static ObjectShape datastore() {
        return object().describedAs("a datastore")
                .required("name", name())
                .optional("type", oneOf("local", "azure_blob", "azure_file", "azure_data_lake_gen1", "azure_data_lake_gen2", "one_lake"), "local")
                .optional("description", string())
                .optional("tags", tags())
                .optional("path", location(true))
                .optional("account_name", string())
                .optional("container_name", string())
                .optional("file_share_name", string())
                .optional("filesystem", string())
                .optional("store_name", string())
                .optional("endpoint", string())
                .optional("protocol", string())
                .optional("credentials", Shapes.any())
                .optional("tenant_id", string())
                .optional("client_id", string())
                .optional("artifact", Shapes.any())
                .optional("one_lake_workspace_name", string())
                .rule((o, p, ctx) -> {
                    String type = o.path("type").asText();
                    if (!type.equals("local")) {
                        ctx.error(SpecContext.child(p, "type"), "datastore type '" + type + "' is not supported yet: "
                                + "Cerulean reads local folders", "register a local folder with type: local and path: /some/folder");
                        return;
                    }
                    if (!o.has("path")) {
                        ctx.error(SpecContext.child(p, "path"), "'path' is required for a local datastore", "give the folder the datastore stands for");
                    } else if (!ctx.isDirectory(Path.of(o.get("path").asText()))) {
                        ctx.error(SpecContext.child(p, "path"), "'" + o.get("path").asText() + "' is not a folder");
                    }
                });
    }
}
