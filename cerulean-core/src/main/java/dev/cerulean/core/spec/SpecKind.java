package dev.cerulean.core.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of spec documents Azure ML defines (plus Cerulean's {@code train} job), with the base
 * names of the {@code $schema} files that announce them. A kind without a {@link Shape} in
 * {@link SpecSchemas} is recognised but not supported yet.
 */
public enum SpecKind {
    DATA("data", "data"),
    MLTABLE("mltable", "mltable"),
    DATASTORE("datastore", "azureblob", "azuredatalakegen1", "azuredatalakegen2", "azurefile", "onelake", "datastore"),
    MODEL("model", "model"),
    ENVIRONMENT("environment", "environment"),
    COMMAND_COMPONENT("command component", "commandcomponent"),
    PIPELINE_COMPONENT("pipeline component", "pipelinecomponent"),
    PARALLEL_COMPONENT("parallel component", "parallelcomponent"),
    SPARK_COMPONENT("spark component", "sparkcomponent"),
    COMMAND_JOB("command job", "commandjob"),
    SWEEP_JOB("sweep job", "sweepjob"),
    PIPELINE_JOB("pipeline job", "pipelinejob"),
    AUTOML_JOB("automl job", "automljob", "autoMLJob"),
    PARALLEL_JOB("parallel job", "paralleljob"),
    SPARK_JOB("spark job", "sparkjob"),
    TRAIN_JOB("train job"),
    ONLINE_ENDPOINT("online endpoint", "managedonlineendpoint", "kubernetesonlineendpoint", "onlineendpoint"),
    ONLINE_DEPLOYMENT("online deployment", "managedonlinedeployment", "kubernetesonlinedeployment", "onlinedeployment"),
    BATCH_ENDPOINT("batch endpoint", "batchendpoint"),
    BATCH_DEPLOYMENT("batch deployment", "batchdeployment", "modelbatchdeployment", "pipelinecomponentbatchdeployment"),
    SCHEDULE("schedule", "schedule", "monitorschedule"),
    COMPUTE("compute", "amlcompute", "computeinstance", "kubernetescompute", "attachedcompute", "virtualmachinecompute",
            "synapsesparkcompute", "compute"),
    WORKSPACE("workspace", "workspace"),
    REGISTRY("registry", "registry"),
    CONNECTION("connection", "workspaceconnection", "connection"),
    FEATURE_STORE("feature store", "featurestore"),
    FEATURE_SET("feature set", "featureset", "featuresetspec"),
    FEATURE_STORE_ENTITY("feature store entity", "featurestoreentity"),
    DATA_IMPORT("data import", "dataimport"),
    INDEX("index", "index");

    private final String displayName;
    private final List<String> schemaNames;

    SpecKind(String displayName, String... schemaNames) {
        this.displayName = displayName;
        this.schemaNames = Arrays.stream(schemaNames).map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }

    public String displayName() {
        return displayName;
    }

    /**
     * The kind a {@code $schema} URL announces: Azure ML publishes them as
     * {@code https://azuremlschemas.azureedge.net/<channel>/<name>.schema.json},
     * {@code https://azuremlsdk2.blob.core.windows.net/<channel>/<name>.schema.json} and
     * {@code http://azureml/sdk-2-0/<Name>.json}; the base name decides, whatever the host or channel.
     */
    public static Optional<SpecKind> fromSchemaUrl(String url) {
        if (url == null) {
            return Optional.empty();
        }
        String base = url.strip();
        int slash = base.lastIndexOf('/');
        base = base.substring(slash + 1).toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".schema.json", ".schema.yml", ".schema.yaml", ".json", ".yml", ".yaml"}) {
            if (base.endsWith(suffix)) {
                base = base.substring(0, base.length() - suffix.length());
                break;
            }
        }
        for (SpecKind k : values()) {
            if (k.schemaNames.contains(base)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }

    /** Parses a kind as written on the command line ({@code data}, {@code command-job}, {@code COMMAND_JOB}). */
    public static Optional<SpecKind> fromText(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (SpecKind k : values()) {
            if (k.name().equalsIgnoreCase(t) || k.displayName.replace(' ', '_').equals(t)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
