package dev.cerulean.service.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ConflictException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Names;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.StoreException;
import dev.cerulean.core.data.Column;
import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.ml.data.DuckTables;
import dev.cerulean.ml.data.Profiler;
import dev.cerulean.ml.data.TableProfile;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.service.Auditor;
import dev.cerulean.store.ArtifactStore;
import dev.cerulean.store.DataAssetStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Registers, finds, profiles and serves data asset versions. Registering copies the data into the
 * content-addressed artifact store (or, for a reference, records where it is), hashes it, checks
 * that tabular data reads cleanly and infers its schema. A version is immutable: registering an
 * existing {@code name:version} again is accepted only with identical content.
 */
public final class DataAssetService {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DataAssetService.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The outcome of a registration.
     *
     * @param asset   the version
     * @param created false when the same content was already registered under that version
     */
    public record Registration(DataAsset asset, boolean created) {
    }

    private final DataAssetStore store;
    private final ArtifactStore artifacts;
    private final DataLocations locations;
    private final TableSources tables;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;

    public DataAssetService(DataAssetStore store, ArtifactStore artifacts, DataLocations locations, TableSources tables,
            SpecParser specs, Auditor auditor, Clock clock) {
        this.specs = specs;
        this.store = store;
        this.artifacts = artifacts;
        this.locations = locations;
        this.tables = tables;
        this.auditor = auditor;
        this.clock = clock;
    }

    /**
     * Registers a version from a data spec (a JSON request body): the spec is checked, then
     * registered, and either outcome is audited.
     *
     * @param spec      the spec; local paths must be absolute
     * @param reference point at the data instead of copying it
     */
    public Registration create(Principal principal, ObjectNode spec, boolean reference) {
        String name = spec.path("name").isTextual() ? spec.get("name").asText() : "?";
        String version = spec.path("version").isValueNode() ? ":" + spec.get("version").asText() : "";
        return auditor.run(principal, "data.create", "data:" + name + version, r -> "data:" + r.asset().id(),
                () -> register(principal, DataRequest.fromSpec(specs.check(spec, "request body", null, SpecKind.DATA), reference)));
    }

    /** Registers a version; see the class comment. */
    public Registration create(Principal principal, DataRequest request) {
        String target = "data:" + request.name() + (request.version() == null ? "" : ":" + request.version());
        return auditor.run(principal, "data.create", target, r -> "data:" + r.asset().id(), () -> register(principal, request));
    }

    private Registration register(Principal principal, DataRequest r) {
        Names.requireValid("name", r.name());
        if (r.version() != null && r.version() < 1) {
            throw new InvalidParameterException("'version' value " + r.version() + " is not a positive integer", "version");
        }
        if (r.type() == null) {
            throw new InvalidParameterException("'type' is required: uri_file, uri_folder or mltable", "type");
        }
        Path source = locations.resolve("path", r.path());
        List<SourceFile> files = gather(r.type(), source);
        List<String> createdBlobs = new ArrayList<>();
        try {
            List<DataFile> manifest = new ArrayList<>();
            Map<DataFile, Path> physical = new HashMap<>();
            for (SourceFile f : files) {
                if (r.reference()) {
                    DataFile df = new DataFile(f.path(), sha256(f.file()), Files.size(f.file()));
                    manifest.add(df);
                    physical.put(df, f.file());
                } else {
                    ArtifactStore.Blob blob = artifacts.putFile(f.file());
                    if (blob.created()) {
                        createdBlobs.add(blob.sha256());
                    }
                    DataFile df = new DataFile(f.path(), blob.sha256(), blob.size());
                    manifest.add(df);
                    physical.put(df, artifacts.path(blob.sha256()));
                }
            }
            String hash = contentHash(r.type(), manifest);
            Optional<TableSource> table = tables.forAsset(r.type(), manifest, physical::get);
            List<Column> schema = List.of();
            TableFormat format = null;
            if (table.isPresent() && (r.type() == DataType.MLTABLE || surelyTabular(manifest))) {
                DuckTables.validate(table.get());
                schema = DuckTables.schema(table.get());
                if (DuckTables.count(table.get()) == 0) {
                    throw new InvalidParameterException("'" + r.path() + "' holds a table with no rows", "path");
                }
                format = table.get().format();
            } else if (table.isPresent()) {
                // .txt and .json files are often not tables (logs, metrics, configs): they are kept as plain files then.
                try {
                    DuckTables.validate(table.get());
                    if (DuckTables.count(table.get()) > 0) {
                        schema = DuckTables.schema(table.get());
                        format = table.get().format();
                    }
                } catch (InvalidParameterException notATable) {
                    LOG.debug("'{}' is kept as plain files: {}", r.path(), notATable.getMessage());
                }
            }
            long size = manifest.stream().mapToLong(DataFile::sizeBytes).sum();
            Registration reg = insert(principal, r, source, hash, size, manifest, format, schema);
            if (!reg.created()) {
                dropUnreferenced(createdBlobs);
            }
            return reg;
        } catch (IOException e) {
            dropUnreferenced(createdBlobs);
            throw new StoreException("cannot read or store '" + r.path() + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            dropUnreferenced(createdBlobs);
            throw e;
        }
    }

    /**
     * Inserts the version. A concurrent registration that takes the same number first makes the insert
     * fail with a unique violation; the unit of work this runs in then runs again and sees it.
     */
    private Registration insert(Principal principal, DataRequest r, Path source, String hash, long size, List<DataFile> manifest,
            TableFormat format, List<Column> schema) {
        int version = r.version() != null ? r.version() : store.maxVersion(r.name()) + 1;
        if (r.version() != null) {
            Optional<DataAsset> existing = store.get(r.name(), version);
            if (existing.isPresent()) {
                return sameOrConflict(existing.get(), hash);
            }
        }
        DataAsset asset = new DataAsset(r.name(), version, r.type(), r.description(), r.tags(), source.toString(),
                r.reference(), hash, size, manifest.size(), format, schema, clock.instant(), principal.name());
        store.insert(asset, manifest);
        return new Registration(asset, true);
    }

    private static Registration sameOrConflict(DataAsset existing, String hash) {
        if (existing.contentHash().equals(hash)) {
            return new Registration(existing, false);
        }
        throw new ConflictException("data asset " + existing.id() + " already exists with content " + existing.contentHash()
                + ", and this data has content " + hash + "; versions are immutable: leave out the version to register "
                + "the next one", "version");
    }

    private void dropUnreferenced(List<String> blobs) {
        for (String sha : blobs) {
            try {
                if (!store.referencesBlob(sha)) {
                    artifacts.delete(sha);
                }
            } catch (IOException | RuntimeException e) {
                // Leaving an unreferenced blob wastes space but loses nothing; the original error matters more.
            }
        }
    }

    /** A file to register: its path relative to the asset root, and where it is now. */
    private record SourceFile(String path, Path file) {
    }

    private static List<SourceFile> gather(DataType type, Path source) {
        if (!Files.exists(source)) {
            throw new InvalidParameterException("path '" + source + "' does not exist", "path");
        }
        try {
            if (type == DataType.URI_FILE) {
                if (!Files.isRegularFile(source)) {
                    throw new InvalidParameterException("type is uri_file but '" + source + "' is a folder; use type uri_folder", "type");
                }
                if (Files.size(source) == 0) {
                    throw new InvalidParameterException("file '" + source + "' is empty", "path");
                }
                return List.of(new SourceFile(source.getFileName().toString(), source));
            }
            if (!Files.isDirectory(source)) {
                throw new InvalidParameterException("type is " + type + " but '" + source + "' is a file; use type uri_file", "type");
            }
            if (type == DataType.MLTABLE && !Files.isRegularFile(source.resolve("MLTable"))) {
                throw new InvalidParameterException("type is mltable but folder '" + source + "' holds no MLTable file", "path");
            }
            List<SourceFile> files = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(source)) {
                for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                    if (Files.isRegularFile(p)) {
                        files.add(new SourceFile(source.relativize(p).toString().replace('\\', '/'), p));
                    }
                }
            }
            if (files.isEmpty()) {
                throw new InvalidParameterException("folder '" + source + "' holds no files", "path");
            }
            return files;
        } catch (IOException e) {
            throw new InvalidParameterException("cannot read '" + source + "': " + e.getMessage(), "path");
        }
    }

    /** {@code sha256:<hex>} of a file's bytes, or of a folder's manifest (one "path TAB sha256 TAB size" line per file, sorted). */
    static String contentHash(DataType type, List<DataFile> manifest) {
        if (type == DataType.URI_FILE) {
            return "sha256:" + manifest.get(0).sha256();
        }
        MessageDigest d = digest();
        manifest.stream().sorted(Comparator.comparing(DataFile::path))
                .forEach(f -> d.update((f.path() + "\t" + f.sha256() + "\t" + f.sizeBytes() + "\n").getBytes(StandardCharsets.UTF_8)));
        return "sha256:" + HexFormat.of().formatHex(d.digest());
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
            in.transferTo(OutputStreamSink.INSTANCE);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Discards bytes: hashing reads a stream to its end. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    // --- reading ------------------------------------------------------------------------------

    /**
     * A version by reference ({@code name}, {@code name:3}, {@code name@latest}).
     *
     * @throws NotFoundException naming what is missing
     */
    public DataAsset get(AssetRef ref) {
        Optional<DataAsset> a = ref.isLatest() ? store.latest(ref.name()) : store.get(ref.name(), ref.version());
        return a.orElseThrow(() -> notFound(ref));
    }

    private NotFoundException notFound(AssetRef ref) {
        if (ref.isLatest() || store.maxVersion(ref.name()) == 0) {
            return new NotFoundException("data asset '" + ref.name() + "' does not exist", "name");
        }
        return new NotFoundException("data asset '" + ref.name() + "' has no version " + ref.version() + " (latest is "
                + store.maxVersion(ref.name()) + ")", "version");
    }

    /** The latest version of every asset. */
    /**
     * The version a dataset logged through MLflow stands for: by content digest (or a hex prefix of
     * 8 or more), or by its source naming the asset's files or {@code azureml:NAME:VERSION}.
     */
    public Optional<DataAsset> matching(String digest, String source) {
        return store.matching(digest, source);
    }

    public List<DataAsset> list() {
        return store.latestOfEach();
    }

    /** Every version of an asset, newest first. */
    public List<DataAsset> versions(String name) {
        List<DataAsset> v = store.versions(Names.requireValid("name", name));
        if (v.isEmpty()) {
            throw new NotFoundException("data asset '" + name + "' does not exist", "name");
        }
        return v;
    }

    public List<DataFile> files(AssetRef ref) {
        DataAsset a = get(ref);
        return store.files(a.name(), a.version());
    }

    /**
     * One file of a version, opened: its manifest entry (size, digest) and its bytes.
     *
     * @param file    the file as the version lists it
     * @param content its bytes; the caller closes the stream
     */
    public record FileContent(DataFile file, InputStream content) {
    }

    /**
     * Opens one file of a version.
     *
     * @throws NotFoundException when the version has no such file, or referenced data has gone
     */
    public InputStream openFile(AssetRef ref, String path) throws IOException {
        return download(ref, path).content();
    }

    /**
     * Opens one file of a version with its manifest entry, for a download that states size and digest.
     *
     * @throws NotFoundException when the version has no such file, or referenced data has gone
     */
    public FileContent download(AssetRef ref, String path) throws IOException {
        DataAsset a = get(ref);
        DataFile f = store.files(a.name(), a.version()).stream().filter(x -> x.path().equals(path)).findFirst()
                .orElseThrow(() -> new NotFoundException("data asset " + a.id() + " has no file '" + path + "'", "path"));
        Path p = physical(a).apply(f);
        try {
            return new FileContent(f, Files.newInputStream(p));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("referenced file '" + p + "' of data asset " + a.id() + " no longer exists", "path");
        }
    }

    /** The table a version holds, for readers (training jobs, profiling). */
    public Optional<TableSource> table(DataAsset a) {
        return tables.forAsset(a.type(), store.files(a.name(), a.version()), physical(a));
    }

    private Function<DataFile, Path> physical(DataAsset a) {
        if (!a.reference()) {
            return f -> artifacts.path(f.sha256());
        }
        Path root = Path.of(a.source());
        return a.type() == DataType.URI_FILE ? f -> root : f -> root.resolve(f.path());
    }

    /**
     * The profile of a tabular version, computed on first request and stored with it.
     *
     * @throws CeruleanException INVALID_PARAMETER when the version is not a table
     */
    public TableProfile profile(AssetRef ref) {
        DataAsset a = get(ref);
        Optional<String> stored = store.profile(a.name(), a.version());
        try {
            if (stored.isPresent()) {
                return JSON.readValue(stored.get(), TableProfile.class);
            }
            TableSource source = table(a).orElseThrow(() -> new CeruleanException(ErrorCode.INVALID_PARAMETER,
                    "data asset " + a.id() + " is not tabular: its " + a.fileCount() + " file(s) are not CSV, Parquet or JSON lines "
                            + "of one format", "name"));
            TableProfile p = Profiler.profile(source);
            store.saveProfile(a.name(), a.version(), JSON.writeValueAsString(p));
            return p;
        } catch (JsonProcessingException e) {
            throw new StoreException("the stored profile of " + a.id() + " is unreadable", e);
        }
    }


    /** Whether every file has a name only tables have (.csv, .tsv, .parquet, .jsonl), rather than .txt or .json. */
    private static boolean surelyTabular(List<DataFile> manifest) {
        return manifest.stream().map(f -> f.path().toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.(gz|zst|bz2)$", ""))
                .filter(n -> !n.substring(n.lastIndexOf('/') + 1).startsWith(".") && !n.substring(n.lastIndexOf('/') + 1).startsWith("_"))
                .noneMatch(n -> n.endsWith(".txt") || n.endsWith(".json"));
    }
}
