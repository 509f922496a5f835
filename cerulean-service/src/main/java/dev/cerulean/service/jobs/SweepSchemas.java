package dev.cerulean.service.jobs;

import dev.cerulean.core.spec.JobSchemas;
import dev.cerulean.core.spec.KindSchema;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecSchemaProvider;
import dev.cerulean.core.spec.SpecSchemas;
import dev.cerulean.ml.tune.SweepShapes;
import java.util.List;

/**
 * The workspace's spec schemas: core's, with the sweep job checked in full (search space
 * expressions, sampling algorithm, objective, early termination, limits and their cross-checks),
 * which core cannot do without the tuning library. Also a {@link SpecSchemaProvider}, so that the
 * CLI bundled with the server checks sweeps in full too.
 */
public final class SweepSchemas implements SpecSchemaProvider {
    /** For {@link java.util.ServiceLoader}. */
    public SweepSchemas() {
    }

    @Override
    public List<KindSchema> schemas() {
        return List.of(sweepJob());
    }

    /** The full sweep job schema. */
    public static KindSchema sweepJob() {
        return new KindSchema(SpecKind.SWEEP_JOB, JobSchemas.sweepJob(SweepShapes.searchSpace(), SweepShapes.samplingAlgorithm(),
                SweepShapes.objective(), SweepShapes.earlyTermination(), SweepShapes.limits(), SweepShapes.crossCheck()), "sweep");
    }

    /** Core's schemas with the full sweep job schema. */
    public static SpecSchemas workspace() {
        return SpecSchemas.standard().with(sweepJob());
    }
}
