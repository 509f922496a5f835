package dev.cerulean.ml.data;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.TableFormat;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How to read one table: the files (all of one format), reader options and the steps applied after
 * reading.
 *
 * @param files   the files, read as one table (columns matched by name)
 * @param names   a display name per file, used in errors (the registered name rather than a blob path)
 * @param format  their format
 * @param options reader options
 * @param steps   transformations, in order
 */
public record TableSource(List<Path> files, List<String> names, TableFormat format, ReadOptions options, List<TableStep> steps) {

    /**
     * Options for the readers.
     *
     * @param delimiter       CSV delimiter, or null to detect
     * @param header          CSV has a header row
     * @param compression     {@code gzip}, {@code zstd} or null for none/auto (by extension)
     * @param dropInvalidLines JSON lines: skip lines that are not JSON instead of failing
     * @param includePath     add a {@code Path} column holding each row's file
     */
    public record ReadOptions(String delimiter, boolean header, String compression, boolean dropInvalidLines, boolean includePath) {
        public static final ReadOptions DEFAULT = new ReadOptions(null, true, null, false, false);

        public ReadOptions withCompression(String c) {
            return new ReadOptions(delimiter, header, c, dropInvalidLines, includePath);
        }
    }

    public TableSource {
        files = List.copyOf(files);
        names = names == null ? files.stream().map(Path::toString).toList() : List.copyOf(names);
        if (files.isEmpty()) {
            throw new InvalidParameterException("a table needs at least one file", "path");
        }
        if (names.size() != files.size()) {
            throw new IllegalArgumentException("one name per file");
        }
        Objects.requireNonNull(format, "format");
        options = options == null ? ReadOptions.DEFAULT : options;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    /** One file, format from its name. */
    public static TableSource of(Path file) {
        TableFormat f = TableFormat.fromFileName(file.getFileName().toString())
                .orElseThrow(() -> new InvalidParameterException("cannot tell the format of '" + file.getFileName()
                        + "': expected .csv, .tsv, .parquet or .jsonl (optionally .gz)", "path"));
        String compression = compressionOf(file.getFileName().toString());
        String delim = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).contains(".tsv") ? "\t" : null;
        return new TableSource(List.of(file), null, f, new ReadOptions(delim, true, compression, false, false), List.of());
    }

    /** The compression a file name implies ({@code gzip} for {@code .gz}), or null. */
    public static String compressionOf(String fileName) {
        String n = fileName.toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".gz")) {
            return "gzip";
        }
        if (n.endsWith(".zst")) {
            return "zstd";
        }
        return null;
    }

    public TableSource withSteps(List<TableStep> more) {
        List<TableStep> all = new java.util.ArrayList<>(steps);
        all.addAll(more);
        return new TableSource(files, names, format, options, all);
    }
}
