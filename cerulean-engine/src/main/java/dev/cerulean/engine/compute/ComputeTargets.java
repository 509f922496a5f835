package dev.cerulean.engine.compute;

/** The compute targets work can be submitted to: how many pieces of work each runs at once. */
@FunctionalInterface
public interface ComputeTargets {
    /**
     * The slots of a target.
     *
     * @throws dev.cerulean.core.NotFoundException when there is no such target
     */
    int slots(String name);
}
