package dev.cerulean.service.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.ConflictException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.Names;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.core.Principal;
import dev.cerulean.core.jobs.ComputeTarget;
import dev.cerulean.core.jobs.JobStatus;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.engine.Engine;
import dev.cerulean.service.Auditor;
import dev.cerulean.store.JobStore;
import java.time.Clock;
import java.util.List;

/**
 * Compute targets. Every workspace has {@code local}, running as many jobs at once as the machine has
 * cores; more local targets partition the machine differently. The engine keeps each target's pool.
 */
public final class ComputeService {
    private final JobStore store;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;
    private final Engine engine;

    public ComputeService(JobStore store, SpecParser specs, Auditor auditor, Clock clock, Engine engine) {
        this.store = store;
        this.specs = specs;
        this.auditor = auditor;
        this.clock = clock;
        this.engine = engine;
    }

    /** How many jobs a target runs at once (the engine's view of compute targets). */
    public int slots(String name) {
        return get(name).maxConcurrentJobs();
    }

    /** Registers {@code local} once. */
    public void ensureLocal() {
        if (store.compute(ComputeTarget.LOCAL).isEmpty()) {
            auditor.run(Principal.SYSTEM, "compute.create", "compute:local", () -> {
                store.insertCompute(new ComputeTarget(ComputeTarget.LOCAL, "local", Runtime.getRuntime().availableProcessors(),
                        "This machine", clock.instant(), Principal.SYSTEM.name()));
                return null;
            });
        }
    }

    /** Registers a compute target from its spec ({@code name}, {@code type: local}, {@code max_concurrent_jobs}). */
    public ComputeTarget create(Principal p, ObjectNode body) {
        String name = body.path("name").asText("?");
        return auditor.run(p, "compute.create", "compute:" + name, () -> {
            Spec spec = specs.check(body, "request body", null, SpecKind.COMPUTE);
            String n = spec.text("name");
            int max = spec.body().path("max_concurrent_jobs").asInt(Runtime.getRuntime().availableProcessors());
            if (store.compute(n).isPresent()) {
                ComputeTarget existing = store.compute(n).get();
                if (existing.maxConcurrentJobs() == max) {
                    return existing;
                }
                throw new ConflictException("compute '" + n + "' already exists with max_concurrent_jobs " + existing.maxConcurrentJobs(), "name");
            }
            ComputeTarget t = new ComputeTarget(n, "local", max, spec.body().path("description").asText(""), clock.instant(), p.name());
            store.insertCompute(t);
            return t;
        });
    }

    public ComputeTarget get(String name) {
        return store.compute(Names.requireValid("name", name))
                .orElseThrow(() -> new NotFoundException("compute '" + name + "' does not exist: create it (cerulean compute create --name "
                        + name + ") or run on 'local' (cerulean job create ... --set compute=local)", "compute"));
    }

    public List<ComputeTarget> list() {
        return store.computes();
    }

    /** Deletes a target that no job is waiting for or running on. */
    public void delete(Principal p, String name) {
        auditor.run(p, "compute.delete", "compute:" + name, () -> {
            get(name);
            if (name.equals(ComputeTarget.LOCAL)) {
                throw new InvalidParameterException("the local compute target cannot be deleted", "name");
            }
            boolean busy = store.inStates(List.of(JobStatus.QUEUED, JobStatus.STARTING, JobStatus.RUNNING)).stream()
                    .anyMatch(j -> j.compute().equals(name));
            if (busy) {
                throw new ConflictException("compute '" + name + "' has queued or running jobs", "name");
            }
            store.deleteCompute(name);
            engine.removeTarget(name);
            return null;
        });
    }

    /** Queue and running counts of a target (0 when it ran nothing yet). */
    public int[] load(String name) {
        return engine.load(name);
    }
}
