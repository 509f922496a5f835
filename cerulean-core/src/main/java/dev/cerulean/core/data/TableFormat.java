package dev.cerulean.core.data;

import java.util.Locale;
import java.util.Optional;

/** The tabular file formats Cerulean reads (through DuckDB). */
public enum TableFormat {
    CSV, PARQUET, JSONL;

    /** The format a file name implies, if any ({@code .csv}, {@code .tsv}, {@code .csv.gz}, {@code .parquet}, {@code .jsonl}, ...). */
    public static Optional<TableFormat> fromFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        for (String suffix : new String[] {".gz", ".zst", ".bz2"}) {
            if (n.endsWith(suffix)) {
                n = n.substring(0, n.length() - suffix.length());
            }
        }
        if (n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt")) {
            return Optional.of(CSV);
        }
        if (n.endsWith(".parquet") || n.endsWith(".pq")) {
            return Optional.of(PARQUET);
        }
        if (n.endsWith(".jsonl") || n.endsWith(".ndjson") || n.endsWith(".json")) {
            return Optional.of(JSONL);
        }
        return Optional.empty();
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }
}
