package dev.cerulean.store;

import dev.cerulean.core.data.DataAsset;
import dev.cerulean.core.data.DataFile;
import java.util.List;
import java.util.Optional;

/** Versions of data assets and their files. Versions are immutable once inserted. */
public interface DataAssetStore {
    /**
     * Inserts a version with its files, atomically.
     *
     * @throws dev.cerulean.core.AlreadyExistsException when that name and version exist
     */
    void insert(DataAsset asset, List<DataFile> files);

    Optional<DataAsset> get(String name, int version);

    /** The highest version of a name. */
    Optional<DataAsset> latest(String name);

    /** Every version of a name, newest first. */
    List<DataAsset> versions(String name);

    /** The latest version of every name, by name. */
    List<DataAsset> latestOfEach();

    /** The highest version of a name, or 0. */
    int maxVersion(String name);

    List<DataFile> files(String name, int version);

    /** The stored profile (JSON) of a version, if computed. */
    Optional<String> profile(String name, int version);

    void saveProfile(String name, int version, String profileJson);

    /** True when any data asset version has a file with this content. */
    boolean referencesBlob(String sha256);

    /**
     * The data asset version a dataset that a run logged stands for, first by name then newest
     * version: the version whose content hash is {@code digest} (or starts with it, for a hex prefix of
     * 8 or more), or whose source or {@code azureml:NAME:VERSION} appears in {@code source}.
     */
    Optional<DataAsset> matching(String digest, String source);
}
