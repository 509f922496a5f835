/**
 * The local file system as specs and uploads see it: {@link dev.cerulean.files.LocalSpecFiles} answers the
 * spec parser's questions about the paths a spec names, and {@link dev.cerulean.files.LocalFiles} lists the
 * files a local folder snapshots to (without version control, caches and what {@code .amlignore} excludes).
 * Core does no I/O; the CLI and the server read their own files through here.
 */
package dev.cerulean.files;
