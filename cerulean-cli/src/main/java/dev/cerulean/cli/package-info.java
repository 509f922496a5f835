/**
 * The {@code cerulean} command line: picocli commands over {@link dev.cerulean.client.CeruleanClient}.
 * When no server answers, commands run against an embedded workspace that a
 * {@link dev.cerulean.cli.WorkspaceLauncher} starts in-process, through the same REST API.
 */
package dev.cerulean.cli;
