package dev.cerulean.core.spec;

import java.util.List;

/**
 * Kind schemas contributed by a module that core cannot depend on (the sweep job's, which needs the
 * tuning library). Implementations are found with {@link java.util.ServiceLoader} (listed in
 * {@code META-INF/services/dev.cerulean.core.spec.SpecSchemaProvider}) and need a public no-argument
 * constructor; see {@link SpecSchemas#installed()}.
 */
public interface SpecSchemaProvider {
    /** The schemas to add, each replacing core's schema of its kind if there is one. */
    List<KindSchema> schemas();
}
