/**
 * Cerulean's domain model: immutable records for workspaces' assets, the error hierarchy, names and
 * references. Nothing here performs I/O except the spec layer reading the YAML file it is given.
 */
package dev.cerulean.core;
