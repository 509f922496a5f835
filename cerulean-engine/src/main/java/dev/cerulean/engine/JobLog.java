package dev.cerulean.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's log: one file that the engine's lines and a command's output are appended to, in order,
 * each engine line stamped with the time.
 */
public final class JobLog {
    private static final Logger LOG = LoggerFactory.getLogger(JobLog.class);

    private final Path file;
    private final Clock clock;

    public JobLog(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    public boolean exists() {
        return Files.exists(file);
    }

    /** Appends a line. A log that cannot be written is reported, never fatal to the work. */
    public synchronized void append(String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, clock.instant() + " " + line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.warn("cannot write the log {}: {}", file, e.getMessage());
        }
    }

    /** The last {@code lines} lines, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
