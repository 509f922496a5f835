/**
 * The one spec layer every YAML (or JSON) kind goes through: kind detection from {@code $schema},
 * {@code type} or the shape of the document, validation against a declarative {@link
 * dev.cerulean.core.spec.Shape}, normalisation (defaults, inferred types, absolute paths, canonical
 * references) and problems that name the field path with a suggestion. {@code ${{...}}} expressions
 * are kept untouched for the engine.
 */
package dev.cerulean.core.spec;
