package dev.cerulean.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workspace a server serves ({@code GET /api/v1/workspace}).
 *
 * @param home      the workspace home, as a path on the server's machine
 * @param database  the metadata database (URL without credentials, product, version)
 * @param artifacts the artifact root
 * @param versions  versions of Cerulean, Java and the main libraries, in the server's order
 */
public record WorkspaceInfo(String home, String database, String artifacts, Map<String, String> versions) {
    public WorkspaceInfo {
        versions = versions == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(versions));
    }
}
