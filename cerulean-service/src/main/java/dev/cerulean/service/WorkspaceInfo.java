package dev.cerulean.service;

import java.util.Map;

/**
 * What {@code workspace show} prints.
 *
 * @param home      the workspace home
 * @param database  the metadata database (URL without credentials, product, version)
 * @param artifacts the artifact root
 * @param versions  versions of Cerulean, Java and the main libraries
 */
public record WorkspaceInfo(String home, String database, String artifacts, Map<String, String> versions) {
}
