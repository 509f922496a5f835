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
import dev.cerulean.engine.ComputePool;
import dev.cerulean.service.Auditor;
import dev.cerulean.store.JobStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compute targets and their pools. Every workspace has {@code local}, running as many jobs at once as
 * the machine has cores; more local targets partition the machine differently.
 */
public final class ComputeService implements AutoCloseable {
    private final JobStore store;
    private final SpecParser specs;
    private final Auditor auditor;
    private final Clock clock;
    private final Map<String, ComputePool> pools = new ConcurrentHashMap<>();

    public ComputeService(JobStore store, SpecParser specs, Auditor auditor, Clock clock) {
        this.store = store;
        this.specs = specs;
        this.auditor = auditor;
        this.clock = clock;
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
            ComputePool pool = pools.remove(name);
            if (pool != null) {
                pool.close();
            }
            return null;
        });
    }

    /** The pool of a target, created on first use. */
    ComputePool pool(String name) {
        ComputeTarget t = get(name);
        ComputePool pool = pools.computeIfAbsent(name, n -> new ComputePool(n, t.maxConcurrentJobs()));
        if (pool.maxConcurrent() != t.maxConcurrentJobs()) {
            pool.resize(t.maxConcurrentJobs());
        }
        return pool;
    }

    /** Queue and running counts of a target's pool (0 when it has none yet). */
    public int[] load(String name) {
        ComputePool pool = pools.get(name);
        return pool == null ? new int[] {0, 0} : new int[] {pool.queueLength(), pool.running()};
    }

    @Override
    public void close() {
        pools.values().forEach(ComputePool::close);
        pools.clear();
    }
}
