package dev.cerulean.core.tracking;

/**
 * An entry of a run's artifacts, as MLflow lists them.
 *
 * @param path     its path, relative to what was listed
 * @param isDir    whether it is a folder
 * @param fileSize its size in bytes (0 for a folder)
 */
public record FileInfo(String path, boolean isDir, long fileSize) {
}
