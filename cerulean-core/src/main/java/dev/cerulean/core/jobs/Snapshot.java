package dev.cerulean.core.jobs;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.DataFile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A folder or file frozen as content-addressed blobs: a manifest of (relative path, SHA-256, size).
 * Code and local inputs of jobs travel as snapshots, so that a job runs the exact bytes it was
 * submitted with, whatever happens to the originals, and its code has a hash.
 *
 * @param folder whether it stands for a folder (else one file)
 * @param files  the files, paths relative to the folder (for a file, its name)
 */
public record Snapshot(boolean folder, List<DataFile> files) {
    public Snapshot {
        files = List.copyOf(files);
        for (DataFile f : files) {
            if (f.path().isEmpty() || f.path().startsWith("/") || List.of(f.path().split("/")).contains("..")) {
                throw new InvalidParameterException("snapshot path '" + f.path() + "' leaves its folder", "files");
            }
        }
        if (!folder && files.size() != 1) {
            throw new InvalidParameterException("a file snapshot lists " + files.size() + " files", "files");
        }
    }

    /** {@code sha256:<hex>} over the sorted manifest. */
    public String hash() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            files.stream().sorted(Comparator.comparing(DataFile::path))
                    .forEach(f -> d.update((f.path() + "\t" + f.sha256() + "\t" + f.sizeBytes() + "\n").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The wire form: {@code {"type": "folder"|"file", "files": [{path, sha256, size}]}}, as clients send it and jobs keep it. */
    @JsonValue
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", folder ? "folder" : "file");
        ArrayNode list = o.putArray("files");
        for (DataFile f : files) {
            list.addObject().put("path", f.path()).put("sha256", f.sha256()).put("size", f.sizeBytes());
        }
        return o;
    }

    /** Reads the wire form. */
    @JsonCreator
    public static Snapshot fromJson(JsonNode node) {
        return fromJson("snapshot", node);
    }

    /**
     * Reads the wire form (and the form jobs stored before it: {@code {"folder": true, "files": [{..., sizeBytes}]}}).
     *
     * @throws InvalidParameterException naming {@code field} when the document is not a snapshot
     */
    public static Snapshot fromJson(String field, JsonNode node) {
        if (node == null || !node.path("files").isArray()) {
            throw new InvalidParameterException("'" + field + "' must be {\"type\": \"folder\"|\"file\", \"files\": [...]}", field);
        }
        List<DataFile> files = new ArrayList<>();
        for (JsonNode f : node.get("files")) {
            String path = f.path("path").asText("");
            String sha = f.path("sha256").asText("");
            if (path.isEmpty() || path.startsWith("/") || path.contains("..") || !sha.matches("[0-9a-f]{64}")) {
                throw new InvalidParameterException("'" + field + "' has an invalid file entry " + f, field);
            }
            files.add(new DataFile(path, sha, f.has("size") ? f.path("size").asLong() : f.path("sizeBytes").asLong()));
        }
        boolean folder = node.has("folder") ? node.get("folder").asBoolean() : !"file".equals(node.path("type").asText("folder"));
        if (!folder && files.size() != 1) {
            throw new InvalidParameterException("'" + field + "' is a file snapshot but lists " + files.size() + " files", field);
        }
        return new Snapshot(folder, files);
    }
}
