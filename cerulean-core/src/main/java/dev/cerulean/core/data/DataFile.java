package dev.cerulean.core.data;

/**
 * One file of a data asset version.
 *
 * @param path      path relative to the asset root, with '/' separators
 * @param sha256    hex digest of the content
 * @param sizeBytes size of the file
 */
public record DataFile(String path, String sha256, long sizeBytes) {
}
