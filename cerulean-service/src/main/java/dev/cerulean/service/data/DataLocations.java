package dev.cerulean.service.data;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.data.Datastore;
import dev.cerulean.core.spec.Shapes;
import dev.cerulean.store.DatastoreStore;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Resolves the locations people write (local paths, {@code file:} URIs, datastore URIs) to local paths. */
public final class DataLocations {
    private static final Pattern DATASTORE_URI = Pattern.compile("azureml://datastores/([^/]+)/paths/(.*)");
    private static final Pattern REMOTE = Pattern.compile("(?i)(https?|wasbs?|abfss?|adl|s3|gs|hdfs)://.*");

    private final DatastoreStore datastores;

    public DataLocations(DatastoreStore datastores) {
        this.datastores = datastores;
    }

    /**
     * The local path a location stands for.
     *
     * @param field the request field, for errors
     * @throws InvalidParameterException when a datastore path escapes its datastore's root, or the location is not a path
     * @throws NotFoundException when the datastore is not registered
     * @throws CeruleanException NOT_SUPPORTED for remote URIs
     */
    public Path resolve(String field, String location) {
        if (location == null || location.isBlank()) {
            throw new InvalidParameterException("'" + field + "' is required", field);
        }
        String t = location.strip();
        Matcher m = DATASTORE_URI.matcher(t);
        if (m.matches()) {
            Datastore ds = datastores.get(m.group(1)).orElseThrow(() -> new NotFoundException("datastore '" + m.group(1)
                    + "' is not registered (in '" + t + "'); see 'cerulean datastore list'", field));
            return inside(field, t, Path.of(ds.root()), m.group(2));
        }
        if (t.startsWith("azureml://")) {
            throw new InvalidParameterException("'" + field + "' value '" + t
                    + "' is not a datastore URI: expected azureml://datastores/<name>/paths/<path>", field);
        }
        if (t.startsWith("azureml:")) {
            throw new InvalidParameterException("'" + field + "' value '" + t
                    + "' refers to an asset; a data path must be a local path or azureml://datastores/<name>/paths/<path>", field);
        }
        if (REMOTE.matcher(t).matches()) {
            throw new CeruleanException(ErrorCode.NOT_SUPPORTED, "'" + field + "' value '" + t
                    + "' is a remote URI: reading remote storage is not supported yet; download the data, or register "
                    + "its folder as a datastore", field);
        }
        Path p = Shapes.resolveLocal(t, null);
        if (p == null) {
            throw new InvalidParameterException("'" + field + "' value '" + t + "' is not a valid path", field);
        }
        return p;
    }

    /** {@code root/relative}, refusing any relative path that leaves the root. */
    public static Path inside(String field, String original, Path root, String relative) {
        Path base = root.toAbsolutePath().normalize();
        Path p;
        try {
            p = base.resolve(relative.startsWith("/") ? relative.substring(1) : relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidParameterException("'" + field + "' value '" + original + "' is not a valid path", field);
        }
        if (!p.startsWith(base)) {
            throw new InvalidParameterException("'" + field + "' value '" + original + "' escapes the root of its datastore ("
                    + base + ")", field);
        }
        return p;
    }
}
