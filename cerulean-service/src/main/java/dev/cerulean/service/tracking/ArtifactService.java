package dev.cerulean.service.tracking;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.StoreException;
import dev.cerulean.core.tracking.FileInfo;
import dev.cerulean.core.tracking.RunInfo;
import dev.cerulean.service.Auditor;
import dev.cerulean.store.artifact.ArtifactTree;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Run artifacts, served the way MLflow's artifact proxy serves them: files under
 * {@code mlflow-artifacts:/<experiment>/<run>/artifacts/...}, streamed in and out.
 */
public final class ArtifactService {
    private final ArtifactTree tree;
    private final TrackingService tracking;
    private final Auditor auditor;

    public ArtifactService(ArtifactTree tree, TrackingService tracking, Auditor auditor) {
        this.tree = tree;
        this.tracking = tracking;
        this.auditor = auditor;
    }

    public ArtifactTree tree() {
        return tree;
    }

    /** Stores an uploaded file. */
    public long upload(Principal p, String path, InputStream content) {
        return auditor.run(p, "artifact.upload", "artifact:" + path, () -> {
            try {
                return tree.write(path, content);
            } catch (IOException e) {
                throw new StoreException("cannot store artifact '" + path + "': " + e.getMessage(), e);
            }
        });
    }

    /**
     * What the proxy serves at a path: a folder's entries, or a file's content.
     *
     * @param files   the entries of a folder (paths relative to it), or null for a file
     * @param content the file's bytes, or null for a folder; the caller closes it
     * @param size    the file's size in bytes
     */
    public record Artifact(List<FileInfo> files, InputStream content, long size) {
        public boolean isDirectory() {
            return files != null;
        }
    }

    /** A folder's listing or a file's content, as the proxy's {@code GET} answers. */
    public Artifact open(String path) throws IOException {
        if (tree.isDirectory(path)) {
            return new Artifact(list(path), null, 0);
        }
        InputStream in = tree.open(path);
        return new Artifact(null, in, tree.size(path));
    }

    /** The entries of a folder, paths relative to it (the proxy's list answer). */
    public List<FileInfo> list(String path) throws IOException {
        String base = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (!base.isEmpty() && tree.exists(base) && !tree.isDirectory(base)) {
            return List.of();
        }
        return tree.list(base).stream()
                .map(e -> new FileInfo(base.isEmpty() ? e.path() : e.path().substring(base.length() + 1), e.isDir(), e.fileSize()))
                .toList();
    }

    public void delete(Principal p, String path) {
        auditor.run(p, "artifact.delete", "artifact:" + path, () -> {
            try {
                tree.delete(path);
            } catch (IOException e) {
                throw new StoreException("cannot delete artifact '" + path + "': " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** The artifact-tree path of a run's artifact root ({@code <experiment>/<run>/artifacts}). */
    public String runRoot(RunInfo run) {
        return treePath(run.artifactUri());
    }

    /** The tree path an {@code mlflow-artifacts:} URI names. */
    public static String treePath(String uri) {
        String prefix = TrackingService.ARTIFACT_ROOT;
        if (uri == null || !uri.startsWith(prefix)) {
            throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "artifact location '" + uri + "' is not served by this workspace; "
                    + "only mlflow-artifacts: locations are", "artifact_uri");
        }
        String rest = uri.substring(prefix.length());
        if (rest.startsWith("//")) {
            // mlflow-artifacts://host:port/path names this server too
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return rest.replaceAll("^/+", "");
    }

    /**
     * Lists a run's artifacts under a path relative to its root: {@code artifacts/list}.
     *
     * @return entries with paths relative to the run's artifact root
     */
    public List<FileInfo> listRun(String runId, String path) throws IOException {
        RunInfo info = tracking.runInfo(runId);
        String root = runRoot(info);
        String rel = path == null ? "" : path.replaceAll("^/+|/+$", "");
        if (rel.contains("..")) {
            throw new InvalidParameterException("Invalid path '" + path + "': it may not contain '..'", "path");
        }
        String dir = rel.isEmpty() ? root : root + "/" + rel;
        if (tree.exists(dir) && !tree.isDirectory(dir)) {
            return List.of();
        }
        return tree.list(dir).stream()
                .map(e -> new FileInfo(e.path().substring(root.length() + 1), e.isDir(), e.fileSize())).toList();
    }
}
