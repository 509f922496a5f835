package dev.cerulean.cli;

/** How read commands print: a human table, or the server's JSON for scripts. */
public enum OutputFormat { TABLE, JSON }
