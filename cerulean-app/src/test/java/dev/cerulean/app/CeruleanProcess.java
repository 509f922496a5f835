package dev.cerulean.app;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Cerulean in a JVM of its own, as users start it ({@code java ... dev.cerulean.app.Cerulean ARGS}),
 * for tests about what happens between processes: locks, crashes, restarts.
 *
 * @param log where the process's output goes (standard output and error together)
 */
record CeruleanProcess(String name, Process process, Path log) implements AutoCloseable {

    /** Starts {@code cerulean ARGS} with the test JVM's class path; extra JVM options come before the main class. */
    static CeruleanProcess start(Path dir, String name, List<String> jvmOptions, String... args) throws IOException {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx512m", "-XX:ErrorFile=" + dir.resolve("hs_err_" + name + "_%p.log")));
        if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Djava.io.tmpdir="))) {
            command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.cerulean.app.Cerulean"));
        command.addAll(List.of(args));
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new CeruleanProcess(name, p, log);
    }

    /** Starts {@code cerulean server} on the port and returns once it answers {@code /health}. */
    static CeruleanProcess server(Path dir, String name, List<String> jvmOptions, int port, Path home) throws IOException {
        CeruleanProcess p = start(dir, name, jvmOptions, "server", "--port", Integer.toString(port), "--home", home.toString());
        try {
            p.awaitHealthy(port, Duration.ofMinutes(2));
            return p;
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    void awaitHealthy(int port, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " ended before it answered; its output:\n" + output());
            }
            try {
                if (Http.send("GET", "http://127.0.0.1:" + port + "/health", null).status() == 200) {
                    return;
                }
            } catch (AssertionError e) {
                // not listening yet
            }
            try {
                process.waitFor(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(name + " did not answer /health on port " + port + " in " + timeout + "; its output:\n" + output());
    }

    /** Waits for the process to end and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not end in " + timeout + "; its output:\n" + output());
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the process at once (SIGKILL), as a crash or an out-of-memory killer would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
