/** JDBC implementations of the metadata stores (H2 or PostgreSQL), with Flyway migrations in {@code db/migration}. */
package dev.cerulean.store.jdbc;
