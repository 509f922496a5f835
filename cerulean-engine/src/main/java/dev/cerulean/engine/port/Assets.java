package dev.cerulean.engine.port;

import dev.cerulean.core.AssetRef;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.ResolvedInput;
import dev.cerulean.core.jobs.Snapshot;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.ml.data.TableSource;
import java.nio.file.Path;

/** The data and models work reads and makes: inputs laid out as files, outputs registered, lineage. */
public interface Assets {
    /**
     * Lays an input out for a process.
     *
     * @param name   the input's name
     * @param folder where its files go
     * @return what the process sees: a path, or a literal's value as it is
     */
    String materialize(ResolvedInput input, String name, Path folder);

    /** Writes a code snapshot into {@code folder} as files the job may change. */
    void materializeCode(Snapshot code, Path folder);

    /**
     * A table input of a built-in job.
     *
     * @param field  the spec field, for errors
     * @param folder where files go when the table must be laid out first
     */
    Table table(ResolvedInput input, String field, Path folder);

    /**
     * A table and the content hash of the data asset it came from.
     *
     * @param datasetHash the asset's hash, or null for files that are not an asset
     */
    record Table(TableSource source, String datasetHash) {
    }

    /**
     * Registers a job's output as the next version (or {@code version}) of a data asset.
     *
     * @param type {@code uri_file}, {@code uri_folder} or {@code mltable}
     * @return the version registered
     */
    AssetRef registerOutput(Principal owner, String job, String output, String name, Integer version, String type, Path path);

    /**
     * Registers the model package under {@code model/} of a run as the next version of a registered
     * model (created when it does not exist).
     *
     * @return the version registered
     */
    AssetRef registerModel(Principal owner, String model, String runId, String description);

    /** Records that {@code from} led to {@code to}. */
    void lineage(LineageNode from, LineageNode to, String relation);
}
