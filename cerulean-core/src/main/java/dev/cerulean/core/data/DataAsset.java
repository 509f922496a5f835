package dev.cerulean.core.data;

import dev.cerulean.core.Names;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One immutable version of a data asset.
 *
 * @param name        asset name
 * @param version     positive version number
 * @param type        uri_file, uri_folder or mltable
 * @param description free text, may be empty
 * @param tags        user tags
 * @param source      the path or URI the data was registered from, as resolved at registration
 * @param reference   true when the version points at {@code source} instead of holding a copy
 * @param contentHash {@code sha256:<hex>} of the file, or of the folder's manifest
 * @param sizeBytes   total size of the data
 * @param fileCount   number of files
 * @param format      tabular format when the data is a table, else null
 * @param schema      the columns DuckDB inferred, empty when the data is not tabular
 * @param createdAt   registration time
 * @param createdBy   who registered it
 */
public record DataAsset(
        String name,
        int version,
        DataType type,
        String description,
        Map<String, String> tags,
        String source,
        boolean reference,
        String contentHash,
        long sizeBytes,
        int fileCount,
        TableFormat format,
        List<Column> schema,
        Instant createdAt,
        String createdBy) {

    public DataAsset {
        Names.requireValid("name", name);
        if (version < 1) {
            throw new IllegalArgumentException("version must be positive: " + version);
        }
        Objects.requireNonNull(type, "type");
        description = description == null ? "" : description;
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(contentHash, "contentHash");
        schema = schema == null ? List.of() : List.copyOf(schema);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(createdBy, "createdBy");
    }

    /** {@code name:version}. */
    public String id() {
        return name + ":" + version;
    }
}
