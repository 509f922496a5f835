package dev.cerulean.core.spec;

import java.util.Objects;

/**
 * How one kind of spec is checked.
 *
 * @param kind      the kind
 * @param shape     the document's shape
 * @param typeValue the {@code type} to fill in when the document leaves it out, or null
 */
public record KindSchema(SpecKind kind, Shape shape, String typeValue) {
    public KindSchema {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(shape, "shape");
    }
}
