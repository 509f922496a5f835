package dev.cerulean.serving.batch;

import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import java.util.List;
import java.util.Objects;

/**
 * What a batch job scores.
 *
 * @param parts     the tables: one for a file or an MLTable, one per file for a folder
 * @param chunkRows true: one table, split into mini-batches of rows; false: files grouped
 *                  {@code mini_batch_size} to a mini-batch, each scored whole
 */
public record BatchInput(List<Part> parts, boolean chunkRows) {
    public BatchInput {
        parts = List.copyOf(parts);
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("no input");
        }
        if (chunkRows && parts.size() != 1) {
            throw new IllegalArgumentException("row chunking takes one table");
        }
    }

    /**
     * One table.
     *
     * @param name   the name rows are identified by in the output (a file's path within its data asset)
     * @param source how to read it, or null for a frame in memory
     * @param frame  the rows, when they are already in memory (else null)
     */
    public record Part(String name, TableSource source, Frame frame) {
        public Part {
            Objects.requireNonNull(name, "name");
            if ((source == null) == (frame == null)) {
                throw new IllegalArgumentException("a part is a table source or a frame");
            }
        }

        /** A table read from files. */
        public Part(String name, TableSource source) {
            this(name, source, null);
        }
    }

    /** One table (a tabular file, or an MLTable), scored in mini-batches of rows. */
    public static BatchInput table(String name, TableSource source) {
        return new BatchInput(List.of(new Part(name, source)), true);
    }

    /** Rows already in memory, scored in mini-batches of rows (for callers that hold a frame, and for measuring the runner alone). */
    public static BatchInput frame(String name, Frame frame) {
        return new BatchInput(List.of(new Part(name, null, frame)), true);
    }

    /** Tabular files, scored {@code mini_batch_size} files to a mini-batch, as Azure ML does for folders. */
    public static BatchInput files(List<Part> files) {
        return new BatchInput(files, false);
    }
}
