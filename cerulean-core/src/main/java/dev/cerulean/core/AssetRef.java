package dev.cerulean.core;

import java.util.Objects;

/**
 * A reference to a version of a named asset, in any of the forms people write: {@code name},
 * {@code name:3}, {@code name@latest}, with or without Azure ML's {@code azureml:} prefix.
 * A reference without a version or label means the latest version.
 *
 * @param name    the asset name
 * @param version the version, or null when the reference is by label
 * @param label   the label ({@code latest}) when {@code version} is null
 */
public record AssetRef(String name, Integer version, String label) {
    public static final String LATEST = "latest";

    public AssetRef {
        Names.requireValid("name", name);
        if (version == null) {
            label = label == null ? LATEST : label;
        } else {
            if (version < 1) {
                throw new InvalidParameterException("version must be a positive integer, got " + version, "version");
            }
            label = null;
        }
    }

    public static AssetRef of(String name, int version) {
        return new AssetRef(name, version, null);
    }

    public static AssetRef latest(String name) {
        return new AssetRef(name, null, LATEST);
    }

    /**
     * A name and a version written apart (a request's path): {@code version} a positive integer, or
     * {@code latest}, empty or null for the latest version.
     *
     * @throws InvalidParameterException naming {@code name} or {@code version}
     */
    public static AssetRef of(String name, String version) {
        if (version == null || version.isEmpty() || LATEST.equals(version)) {
            return latest(name);
        }
        Names.requireValid("name", name);
        return of(name, Names.parseVersion("version", version));
    }

    /**
     * Parses {@code [azureml:]name[:version|@label]}.
     *
     * @param field the field the text came from, for errors
     * @throws InvalidParameterException naming the field when the text is not a reference
     */
    public static AssetRef parse(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidParameterException("'" + field + "' is empty; expected NAME, NAME:VERSION or NAME@latest", field);
        }
        String t = text.strip();
        if (t.startsWith("azureml://")) {
            throw new InvalidParameterException("'" + field + "' value '" + t
                    + "' is a URI, not an asset reference; expected NAME, NAME:VERSION or NAME@latest", field);
        }
        if (t.startsWith("azureml:")) {
            t = t.substring("azureml:".length());
        }
        int at = t.indexOf('@');
        if (at >= 0) {
            String label = t.substring(at + 1);
            if (!LATEST.equals(label)) {
                throw new InvalidParameterException("'" + field + "' label '" + label
                        + "' is not known; the only label is 'latest'", field);
            }
            return new AssetRef(Names.requireValid(field, t.substring(0, at)), null, LATEST);
        }
        int colon = t.lastIndexOf(':');
        if (colon >= 0) {
            String name = Names.requireValid(field, t.substring(0, colon));
            String v = t.substring(colon + 1);
            if (LATEST.equals(v)) {
                return latest(name);
            }
            return of(name, Names.parseVersion(field, v));
        }
        return latest(Names.requireValid(field, t));
    }

    public boolean isLatest() {
        return version == null;
    }

    @Override
    public String toString() {
        return version != null ? name + ":" + version : name + "@" + Objects.requireNonNullElse(label, LATEST);
    }
}
