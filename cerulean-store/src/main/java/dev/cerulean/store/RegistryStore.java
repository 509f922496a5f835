package dev.cerulean.store;

import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.SearchFilter;
import java.util.List;
import java.util.Optional;

/** Registered models and their versions, tags and aliases. */
public interface RegistryStore {
    /** @throws dev.cerulean.core.AlreadyExistsException when the name is taken */
    void createRegisteredModel(String name, String description, String userId, java.util.Map<String, String> tags, long now);

    Optional<RegisteredModel> registeredModel(String name);

    /** @throws dev.cerulean.core.AlreadyExistsException when the new name is taken */
    void renameRegisteredModel(String name, String newName, long now);

    void updateRegisteredModel(String name, String description, long now);

    /** Deletes the model with its versions, tags and aliases. */
    void deleteRegisteredModel(String name);

    PageOf<RegisteredModel> searchRegisteredModels(List<SearchFilter.Clause> filter, List<SearchFilter.Order> orderBy, int maxResults,
            long offset);

    void setRegisteredModelTag(String name, String key, String value, long now);

    void deleteRegisteredModelTag(String name, String key);

    /** Inserts a version with the next number (numbers of deleted versions are not reused) and returns it. */
    ModelVersion createModelVersion(ModelVersion withoutNumber);

    Optional<ModelVersion> modelVersion(String name, int version);

    /** Records where a version's own copy of its files is, and what its MLmodel says. */
    void recordStorage(String name, int version, String storageLocation, List<String> flavors, String signatureJson);

    void updateModelVersion(String name, int version, String description, long now);

    /** Moves a version to a stage; with {@code archiveExisting}, other versions in that stage move to Archived. */
    void transitionStage(String name, int version, String stage, boolean archiveExisting, long now);

    /** Deletes a version (its number stays used) and the aliases pointing at it. */
    void deleteModelVersion(String name, int version);

    PageOf<ModelVersion> searchModelVersions(List<SearchFilter.Clause> filter, List<SearchFilter.Order> orderBy, int maxResults,
            long offset);

    void setModelVersionTag(String name, int version, String key, String value, long now);

    void deleteModelVersionTag(String name, int version, String key);

    void setAlias(String name, String alias, int version, long now);

    void deleteAlias(String name, String alias);

    Optional<Integer> aliasVersion(String name, String alias);

    /** The latest version in each stage, or only in the given stages. */
    List<ModelVersion> latestVersions(String name, List<String> stages);
}
