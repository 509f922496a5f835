package dev.cerulean.client;

import java.util.List;

/**
 * A frozen local file or folder, as a job submission names it: its files by content, whose blobs
 * were uploaded before the job was submitted.
 *
 * @param type  {@code folder} or {@code file}
 * @param files every file, sorted by path
 */
public record Snapshot(String type, List<File> files) {
    public Snapshot {
        files = List.copyOf(files);
    }

    /**
     * One file.
     *
     * @param path   relative path with '/' separators (a lone file: its name)
     * @param sha256 hex digest of its content
     * @param size   its size in bytes
     */
    public record File(String path, String sha256, long size) {
    }
}
