package dev.cerulean.engine.process;

import dev.cerulean.core.CancelToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a shell command in a folder with its standard output and error appended, in the order they
 * were written, to one log file. On cancellation or when the time limit passes, the command's whole
 * process tree is killed (the descendants first, so none is left to be re-parented and run on).
 */
public final class ProcessRunner {
    /**
     * How a command ended.
     *
     * @param exitCode the exit code, or -1 when killed
     * @param timedOut whether the time limit killed it
     * @param cancelled whether a cancellation killed it
     */
    public record Result(int exitCode, boolean timedOut, boolean cancelled) {
        public boolean succeeded() {
            return exitCode == 0 && !timedOut && !cancelled;
        }
    }

    private ProcessRunner() {
    }

    /**
     * Runs {@code bash -c command} (or {@code sh} where bash is missing).
     *
     * @param workdir the working folder
     * @param env     variables added to this process's environment
     * @param log     the file both streams are appended to
     * @param timeout the time limit, or null for none
     * @param cancel  stops the command when cancelled
     */
    public static Result run(String command, Path workdir, Map<String, String> env, Path log, Duration timeout, CancelToken cancel)
            throws IOException, InterruptedException {
        String shell = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/bin/sh";
        ProcessBuilder pb = new ProcessBuilder(List.of(shell, "-c", command)).directory(workdir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        Thread pump = new Thread(() -> copy(p.getInputStream(), log), "log-" + p.pid());
        pump.setDaemon(true);
        pump.start();
        cancel.onCancel(() -> killTree(p.toHandle()));
        boolean finished = timeout == null ? waitFor(p) : p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        boolean timedOut = false;
        if (!finished) {
            timedOut = true;
            killTree(p.toHandle());
            p.waitFor();
        }
        pump.join(10_000);
        boolean cancelled = cancel.isCancelled() && !timedOut;
        return new Result(timedOut || cancelled ? -1 : p.exitValue(), timedOut, cancelled);
    }

    private static boolean waitFor(Process p) throws InterruptedException {
        p.waitFor();
        return true;
    }

    /** Kills a process and everything it started, children first. */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        for (int i = descendants.size() - 1; i >= 0; i--) {
            descendants.get(i).destroyForcibly();
        }
        root.destroyForcibly();
    }

    private static void copy(InputStream in, Path log) {
        try (in; OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // The process ended or its pipe broke; what was written is kept.
        }
    }

    /** The last {@code lines} lines of a log, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
