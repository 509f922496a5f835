/** Artifact storage on the local file system. */
package dev.cerulean.store.artifact;
