/**
 * Store interfaces: the only layer that speaks SQL or touches the artifact root. Implementations
 * live in {@code jdbc} (metadata on H2 or PostgreSQL) and {@code artifact} (content-addressed files).
 */
package dev.cerulean.store;
