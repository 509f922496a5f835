/** The runnable application: the CLI's entry point, wired to an in-process server for the embedded workspace. */
package dev.cerulean.app;
