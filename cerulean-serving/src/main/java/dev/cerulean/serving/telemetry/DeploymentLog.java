package dev.cerulean.serving.telemetry;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines a deployment logged (loading, probes, restarts, server errors, draining), for
 * {@code online-deployment get-logs}. Bounded: old lines fall off.
 */
public final class DeploymentLog {
    /** Lines kept per deployment. */
    public static final int CAPACITY = 2_000;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final Clock clock;

    public DeploymentLog(Clock clock) {
        this.clock = clock;
    }

    /** Appends a line, prefixed with the time and level. */
    public synchronized void add(String level, String message) {
        if (lines.size() == CAPACITY) {
            lines.removeFirst();
        }
        lines.addLast(clock.instant() + " " + level + " " + message);
    }

    public void info(String message) {
        add("INFO", message);
    }

    public void warn(String message) {
        add("WARN", message);
    }

    public void error(String message) {
        add("ERROR", message);
    }

    /** The last {@code n} lines, oldest first. */
    public synchronized List<String> tail(int n) {
        List<String> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    }
}
