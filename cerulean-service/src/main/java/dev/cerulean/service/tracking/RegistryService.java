package dev.cerulean.service.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cerulean.core.AssetRef;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.StoreException;
import dev.cerulean.core.lineage.LineageKind;
import dev.cerulean.core.lineage.LineageNode;
import dev.cerulean.core.tracking.ModelVersion;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.PageToken;
import dev.cerulean.core.tracking.RegisteredModel;
import dev.cerulean.core.tracking.RunInfo;
import dev.cerulean.core.tracking.SearchFilter;
import dev.cerulean.service.Auditor;
import dev.cerulean.service.lineage.LineageService;
import dev.cerulean.store.RegistryStore;
import dev.cerulean.store.artifact.ArtifactTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model registry with MLflow's semantics. Registering a version copies the model's files into an
 * immutable place of their own (hard links where possible), so the version keeps working whatever
 * happens to the run's artifacts, and records the flavors and signature of its MLmodel file. The
 * run that produced it is linked to it in the lineage graph.
 */
public final class RegistryService {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryStore store;
    private final TrackingService tracking;
    private final ArtifactService artifacts;
    private final LineageService lineage;
    private final Auditor auditor;
    private final Clock clock;

    public RegistryService(RegistryStore store, TrackingService tracking, ArtifactService artifacts, LineageService lineage,
            Auditor auditor, Clock clock) {
        this.store = store;
        this.tracking = tracking;
        this.artifacts = artifacts;
        this.lineage = lineage;
        this.auditor = auditor;
        this.clock = clock;
    }

    private static String name(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidParameterException("Registered model name cannot be empty.", "name");
        }
        return MlflowRules.length("Registered model name", 256, name);
    }

    private static int version(String version) {
        try {
            int v = Integer.parseInt(version == null ? "" : version.strip());
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new InvalidParameterException("Model version must be an integer, got '" + version + "'", "version");
    }

    // --- registered models --------------------------------------------------------------------

    public RegisteredModel create(Principal p, String name, String description, Map<String, String> tags) {
        return auditor.run(p, "model.create", "model:" + name, () -> {
            name(name);
            tags.forEach((k, v) -> {
                MlflowRules.key("Tag", k);
                MlflowRules.length("Registered model value", 5000, v);
            });
            if (store.registeredModel(name).isPresent()) {
                throw new dev.cerulean.core.AlreadyExistsException("Registered Model (name=" + name + ") already exists.", "name");
            }
            store.createRegisteredModel(name, description, p.name(), tags, clock.millis());
            return get(name);
        });
    }

    public RegisteredModel get(String name) {
        name(name);
        return store.registeredModel(name)
                .orElseThrow(() -> new NotFoundException("Registered Model with name=" + name + " not found", "name"));
    }

    public RegisteredModel rename(Principal p, String name, String newName) {
        return auditor.run(p, "model.rename", "model:" + name, () -> {
            get(name);
            name(newName);
            store.renameRegisteredModel(name, newName, clock.millis());
            return get(newName);
        });
    }

    public RegisteredModel update(Principal p, String name, String description) {
        return auditor.run(p, "model.update", "model:" + name, () -> {
            get(name);
            store.updateRegisteredModel(name, description, clock.millis());
            return get(name);
        });
    }

    public void delete(Principal p, String name) {
        auditor.run(p, "model.delete", "model:" + name, () -> {
            get(name);
            store.deleteRegisteredModel(name);
            return null;
        });
    }

    public PageOf<RegisteredModel> search(String filter, List<String> orderBy, Integer maxResults, String pageToken) {
        return store.searchRegisteredModels(SearchFilter.parse(filter, SearchFilter.Target.REGISTERED_MODELS),
                SearchFilter.parseOrderBy(orderBy, SearchFilter.Target.REGISTERED_MODELS), MlflowRules.maxResults(maxResults, 100),
                PageToken.decode(pageToken));
    }

    public void setTag(Principal p, String name, String key, String value) {
        auditor.run(p, "model.set_tag", "model:" + name, () -> {
            get(name);
            MlflowRules.key("Tag", key);
            MlflowRules.length("Registered model value", 5000, value);
            store.setRegisteredModelTag(name, key, value, clock.millis());
            return null;
        });
    }

    public void deleteTag(Principal p, String name, String key) {
        auditor.run(p, "model.delete_tag", "model:" + name, () -> {
            if (!get(name).tags().containsKey(key)) {
                throw new NotFoundException("No tag with name: " + key + " in registered model " + name, "key");
            }
            store.deleteRegisteredModelTag(name, key);
            return null;
        });
    }

    public void setAlias(Principal p, String name, String alias, String version) {
        auditor.run(p, "model.set_alias", "model:" + name + "@" + alias, () -> {
            MlflowRules.alias(alias);
            int v = version(version);
            getVersion(name, Integer.toString(v));
            store.setAlias(name, alias, v, clock.millis());
            return null;
        });
    }

    public void deleteAlias(Principal p, String name, String alias) {
        auditor.run(p, "model.delete_alias", "model:" + name + "@" + alias, () -> {
            get(name);
            store.deleteAlias(name, alias);
            return null;
        });
    }

    public ModelVersion byAlias(String name, String alias) {
        get(name);
        int v = store.aliasVersion(name, alias).orElseThrow(() -> new NotFoundException("Registered model alias " + alias
                + " not found.", "alias"));
        return getVersion(name, Integer.toString(v));
    }

    public List<ModelVersion> latestVersions(String name, List<String> stages) {
        get(name);
        for (String s : stages) {
            stage(s);
        }
        return store.latestVersions(name, stages);
    }

    // --- versions -----------------------------------------------------------------------------

    /**
     * Registers a version of the model at {@code source} ({@code runs:/<run>/<path>},
     * {@code mlflow-artifacts:/...} or {@code models:/<name>/<version>}). As in MLflow, the version is
     * created (READY) even when the source has no files here, say because the client logged them to a
     * store this server cannot see: it then has no storage location, and {@link #modelFiles} refuses to
     * load it.
     */
    public ModelVersion createVersion(Principal p, String name, String source, String runId, Map<String, String> tags, String runLink,
            String description) {
        return auditor.run(p, "model.create_version", "model:" + name, v -> "model:" + v.name() + ":" + v.version(), () -> {
            get(name);
            if (source == null || source.isEmpty()) {
                throw new InvalidParameterException("Missing value for required parameter 'source'.", "source");
            }
            tags.forEach((k, val) -> {
                MlflowRules.key("Tag", k);
                MlflowRules.length("Model version value", 5000, val);
            });
            String run = runId == null || runId.isEmpty() ? null : runId;
            String treePath = resolveSource(source, run);
            if (treePath != null && run == null) {
                run = runOfTreePath(treePath);
            }
            if (run != null) {
                tracking.runInfo(run);
            }
            long now = clock.millis();
            ModelVersion draft = new ModelVersion(name, 0, now, now, p.name(), "None", description, source, run, runLink, "READY", null, tags,
                    List.of(), null, List.of(), null);
            ModelVersion created = store.createModelVersion(draft);
            if (treePath != null && hasFiles(treePath)) {
                created = snapshot(created, treePath);
            }
            if (run != null) {
                lineage.record(new LineageNode(LineageKind.JOB, run, ""),
                        new LineageNode(LineageKind.MODEL, name, Integer.toString(created.version())), "registered_from");
            }
            return created;
        });
    }

    /** The artifact-tree path a source names, or null when it is outside this workspace. */
    private String resolveSource(String source, String runId) {
        if (source.startsWith("runs:/")) {
            String rest = source.substring("runs:/".length());
            int slash = rest.indexOf('/');
            String run = slash < 0 ? rest : rest.substring(0, slash);
            String path = slash < 0 ? "" : rest.substring(slash + 1);
            RunInfo info = tracking.runInfo(run);
            return artifacts.runRoot(info) + (path.isEmpty() ? "" : "/" + path.replaceAll("/+$", ""));
        }
        if (source.startsWith(TrackingService.ARTIFACT_ROOT)) {
            return ArtifactService.treePath(source).replaceAll("/+$", "");
        }
        if (source.startsWith("models:/")) {
            String rest = source.substring("models:/".length());
            ModelVersion v;
            int at = rest.indexOf('@');
            if (at >= 0) {
                v = byAlias(rest.substring(0, at), rest.substring(at + 1));
            } else {
                int slash = rest.lastIndexOf('/');
                if (slash < 0) {
                    throw new InvalidParameterException("Invalid model URI '" + source + "': expected models:/<name>/<version>", "source");
                }
                v = version(rest.substring(0, slash), rest.substring(slash + 1));
            }
            return v.storageLocation() == null ? null : ArtifactService.treePath(v.storageLocation());
        }
        return null;
    }

    /** The run id in a tree path of the form {@code <experiment>/<run>/artifacts/...}. */
    private static String runOfTreePath(String treePath) {
        String[] parts = treePath.split("/");
        return parts.length >= 3 && parts[2].equals("artifacts") && parts[1].matches("[0-9a-f]{32}") ? parts[1] : null;
    }

    /** Whether a tree path is a file or a folder with at least one file under it. */
    private boolean hasFiles(String treePath) {
        ArtifactTree tree = artifacts.tree();
        try {
            return tree.exists(treePath) && (!tree.isDirectory(treePath) || !tree.walk(treePath).isEmpty());
        } catch (IOException e) {
            throw new StoreException("cannot read the model source '" + treePath + "': " + e.getMessage(), e);
        }
    }

    private ModelVersion snapshot(ModelVersion v, String from) {
        ArtifactTree tree = artifacts.tree();
        String to = ArtifactTree.modelVersionFolder(v.name(), v.version());
        List<String> flavors = new ArrayList<>();
        String signature = null;
        try {
            if (tree.exists(to)) {
                // Left by an earlier attempt of this unit of work, rolled back before it committed.
                tree.delete(to);
            }
            tree.snapshot(from, to);
            String mlmodel = to + "/MLmodel";
            if (tree.exists(mlmodel)) {
                try (InputStream in = tree.open(mlmodel)) {
                    JsonNode doc = YAML.readTree(in);
                    doc.path("flavors").fieldNames().forEachRemaining(flavors::add);
                    if (doc.hasNonNull("signature")) {
                        signature = JSON.writeValueAsString(doc.get("signature"));
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // An unreadable MLmodel leaves the version registered without flavors; its files are kept.
                }
            }
        } catch (IOException e) {
            store.deleteModelVersion(v.name(), v.version());
            throw new StoreException("cannot copy the model files of " + v.name() + " version " + v.version() + ": " + e.getMessage(), e);
        }
        store.recordStorage(v.name(), v.version(), TrackingService.ARTIFACT_ROOT + "/" + to, flavors, signature);
        return getVersion(v.name(), Integer.toString(v.version()));
    }

    /**
     * The version a reference names: {@code version} a number, or {@code latest} for the highest version
     * (aliases resolve with {@link #byAlias}). The one place a model's {@code latest} is resolved.
     *
     * @throws NotFoundException for an unknown model, a model without versions, or an unknown version
     * @throws InvalidParameterException (target {@code version}) when the version is neither
     */
    public ModelVersion version(String name, String version) {
        return getVersion(name, AssetRef.LATEST.equals(version) ? Integer.toString(latestVersion(name)) : version);
    }

    /** The highest version number of a registered model. */
    private int latestVersion(String name) {
        get(name);
        // the latest version in each stage, not a search: a search leaves out prompts (MLflow's rule)
        return store.latestVersions(name, List.of()).stream().map(ModelVersion::version).max(Integer::compare)
                .orElseThrow(() -> new NotFoundException("Registered Model with name=" + name + " has no versions", "version"));
    }

    public ModelVersion getVersion(String name, String version) {
        name(name);
        int v = version(version);
        return store.modelVersion(name, v).orElseThrow(() -> new NotFoundException("Model Version (name=" + name + ", version=" + v
                + ") not found", "version"));
    }

    public ModelVersion updateVersion(Principal p, String name, String version, String description) {
        return auditor.run(p, "model.update_version", "model:" + name + ":" + version, () -> {
            getVersion(name, version);
            store.updateModelVersion(name, version(version), description, clock.millis());
            return getVersion(name, version);
        });
    }

    public ModelVersion transitionStage(Principal p, String name, String version, String stage, boolean archiveExisting) {
        return auditor.run(p, "model.transition_stage", "model:" + name + ":" + version, () -> {
            getVersion(name, version);
            String s = stage(stage);
            store.transitionStage(name, version(version), s, archiveExisting, clock.millis());
            return getVersion(name, version);
        });
    }

    private static String stage(String stage) {
        for (String s : ModelVersion.STAGES) {
            if (s.equalsIgnoreCase(stage)) {
                return s;
            }
        }
        throw new InvalidParameterException("Invalid Model Version stage: " + stage + ". Value must be one of "
                + String.join(", ", ModelVersion.STAGES) + ".", "stage");
    }

    public void deleteVersion(Principal p, String name, String version) {
        auditor.run(p, "model.delete_version", "model:" + name + ":" + version, () -> {
            getVersion(name, version);
            store.deleteModelVersion(name, version(version));
            return null;
        });
    }

    public PageOf<ModelVersion> searchVersions(String filter, List<String> orderBy, Integer maxResults, String pageToken) {
        return store.searchModelVersions(SearchFilter.parse(filter, SearchFilter.Target.MODEL_VERSIONS),
                SearchFilter.parseOrderBy(orderBy, SearchFilter.Target.MODEL_VERSIONS), MlflowRules.maxResults(maxResults, 10_000),
                PageToken.decode(pageToken));
    }

    public void setVersionTag(Principal p, String name, String version, String key, String value) {
        auditor.run(p, "model.set_version_tag", "model:" + name + ":" + version, () -> {
            getVersion(name, version);
            MlflowRules.key("Tag", key);
            MlflowRules.length("Model version value", 5000, value);
            store.setModelVersionTag(name, version(version), key, value, clock.millis());
            return null;
        });
    }

    public void deleteVersionTag(Principal p, String name, String version, String key) {
        auditor.run(p, "model.delete_version_tag", "model:" + name + ":" + version, () -> {
            if (!getVersion(name, version).tags().containsKey(key)) {
                throw new NotFoundException("No tag with name: " + key + " for model version " + name + " " + version, "key");
            }
            store.deleteModelVersionTag(name, version(version), key);
            return null;
        });
    }

    /**
     * The folder of a version's files, to load the model from.
     *
     * @throws InvalidParameterException (target {@code model}) naming the version when it has no files in this
     *                                   workspace or they hold no {@code MLmodel} file
     * @throws NotFoundException         when its recorded files have gone
     */
    public Path modelFiles(ModelVersion v) {
        String key = "model '" + v.name() + ":" + v.version() + "'";
        if (v.storageLocation() == null) {
            boolean here = v.source().startsWith("runs:/") || v.source().startsWith(TrackingService.ARTIFACT_ROOT)
                    || v.source().startsWith("models:/");
            throw new InvalidParameterException(key + " has no files in this workspace: its source '" + v.source() + "' "
                    + (here ? "had none when the version was registered" : "is outside this workspace")
                    + ". Log the model's files to this server and register a new version", "model");
        }
        ArtifactTree tree = artifacts.tree();
        String folder = ArtifactService.treePath(v.storageLocation());
        if (!tree.isDirectory(folder)) {
            throw new NotFoundException("the files of " + key + " are missing from the artifact store (" + folder + ")", "model");
        }
        if (!tree.exists(folder + "/MLmodel") || tree.isDirectory(folder + "/MLmodel")) {
            throw new InvalidParameterException(key + " has no MLmodel file among its files, so it is not a model that can be loaded "
                    + "(see model-versions/get-download-uri for its files)", "model");
        }
        return tree.resolve(folder);
    }

    /** Where clients download the version's files from: its own copy when it has one, else its source. */
    public String downloadUri(String name, String version) {
        ModelVersion v = getVersion(name, version);
        return v.storageLocation() != null ? v.storageLocation() : v.source();
    }
}
