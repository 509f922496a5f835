package dev.cerulean.service.jobs;

import dev.cerulean.core.AssetRef;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.StoreException;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.jobs.ResolvedInput;
import dev.cerulean.core.jobs.Snapshot;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.engine.port.Assets;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.service.data.DataAssetService;
import dev.cerulean.service.data.DataRequest;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.service.tracking.RegistryService;
import dev.cerulean.store.ArtifactStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The engine's {@link Assets} over the data, registry and lineage services: snapshots and data
 * assets laid out as files (hard links to the read-only blobs where the file system allows, copies
 * for code a job may change), tables for built-in jobs, outputs and models registered.
 */
final class JobAssets implements Assets {
    private final DataAssetService data;
    private final RegistryService registry;
    private final LineageService lineage;
    private final ArtifactStore blobs;

    JobAssets(DataAssetService data, RegistryService registry, LineageService lineage, ArtifactStore blobs) {
        this.data = data;
        this.registry = registry;
        this.lineage = lineage;
        this.blobs = blobs;
    }

    @Override
    public String materialize(ResolvedInput input, String name, Path folder) {
        if (input instanceof ResolvedInput.Literal l) {
            return l.value();
        }
        if (input instanceof ResolvedInput.Path p) {
            return p.path();
        }
        if (input instanceof ResolvedInput.Frozen f) {
            return write(f.snapshot(), blobs::path, folder, false).toString();
        }
        DataAsset a = asset((ResolvedInput.Asset) input, "inputs." + name);
        List<DataFile> files = data.files(AssetRef.of(a.name(), a.version()));
        return write(new Snapshot(a.type() != DataType.URI_FILE, files), blobsOrReference(a, files), folder, false).toString();
    }

    @Override
    public void materializeCode(Snapshot code, Path folder) {
        write(code, blobs::path, folder, true);
    }

    @Override
    public Table table(ResolvedInput input, String field, Path folder) {
        if (input == null) {
            throw new InvalidParameterException("'" + field + "' is required", field);
        }
        if (input instanceof ResolvedInput.Asset ref) {
            DataAsset a = asset(ref, field);
            TableSource source = data.table(a).orElseThrow(() -> new InvalidParameterException("data asset " + a.id()
                    + " is not a table (CSV, Parquet or JSON lines)", field));
            return new Table(source, a.contentHash());
        }
        if (input instanceof ResolvedInput.Frozen f) {
            return new Table(TableSource.of(write(f.snapshot(), blobs::path, folder.resolve(field), false)), null);
        }
        if (input instanceof ResolvedInput.Path p) {
            return new Table(TableSource.of(Path.of(p.path())), null);
        }
        throw new InvalidParameterException("'" + field + "' must be a table, not a literal value", field);
    }

    @Override
    public AssetRef registerOutput(Principal owner, String job, String output, String name, Integer version, String type, Path path) {
        DataType dt = type.equals("uri_file") ? DataType.URI_FILE : type.equals("mltable") ? DataType.MLTABLE : DataType.URI_FOLDER;
        DataAsset a = data.create(owner, new DataRequest(name, version, dt, "Output '" + output + "' of job " + job, Map.of("job", job),
                path.toString(), false)).asset();
        return AssetRef.of(a.name(), a.version());
    }

    @Override
    public AssetRef registerModel(Principal owner, String model, String runId, String description) {
        try {
            registry.get(model);
        } catch (NotFoundException e) {
            registry.create(owner, model, null, Map.of());
        }
        ModelVersion v = registry.createVersion(owner, model, "runs:/" + runId + "/model", runId, Map.of(), null, description);
        return AssetRef.of(v.name(), v.version());
    }

    @Override
    public void lineage(LineageNode from, LineageNode to, String relation) {
        lineage.record(from, to, relation);
    }

    private DataAsset asset(ResolvedInput.Asset ref, String field) {
        return data.get(AssetRef.parse(field, ref.asset()));
    }

    /** Where an asset's files are: blobs of a copied asset, or the originals of a referenced one. */
    private Function<String, Path> blobsOrReference(DataAsset a, List<DataFile> files) {
        if (!a.reference()) {
            return blobs::path;
        }
        Path source = Path.of(a.source());
        Map<String, Path> bySha = new HashMap<>();
        for (DataFile f : files) {
            bySha.put(f.sha256(), a.type() == DataType.URI_FILE ? source : source.resolve(f.path()));
        }
        return sha -> {
            Path p = bySha.get(sha);
            if (p == null || !Files.exists(p)) {
                throw new NotFoundException("a referenced file of data asset " + a.id() + " is gone (" + p + ")", "inputs");
            }
            return p;
        };
    }

    /**
     * Writes a snapshot's files under {@code target}: copies (for code, which a job may modify) or
     * hard links to the read-only blobs (for inputs).
     *
     * @param files where each digest's bytes are (the blob store, or a referenced asset's originals)
     * @return the path a job sees: the folder, or the file
     */
    private static Path write(Snapshot snapshot, Function<String, Path> files, Path target, boolean copy) {
        try {
            Files.createDirectories(target);
            for (DataFile f : snapshot.files()) {
                Path dst = target.resolve(f.path()).normalize();
                if (!dst.startsWith(target)) {
                    throw new InvalidParameterException("snapshot path '" + f.path() + "' leaves its folder", "files");
                }
                Files.createDirectories(dst.getParent());
                Path blob = files.apply(f.sha256());
                if (copy) {
                    Files.copy(blob, dst, StandardCopyOption.REPLACE_EXISTING);
                    dst.toFile().setWritable(true);
                } else {
                    try {
                        Files.createLink(dst, blob);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(blob, dst, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return snapshot.folder() ? target : target.resolve(snapshot.files().get(0).path());
        } catch (IOException e) {
            throw new StoreException("cannot prepare '" + target + "': " + e.getMessage(), e);
        }
    }
}
