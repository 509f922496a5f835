package dev.cerulean.client;

/**
 * The answer to deleting an endpoint or a deployment.
 *
 * @param name    what was deleted
 * @param deleted true
 */
public record Deleted(String name, boolean deleted) {
}
