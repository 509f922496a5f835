/** Jobs and compute targets: what runs where, and how it ended. */
package dev.cerulean.core.jobs;
