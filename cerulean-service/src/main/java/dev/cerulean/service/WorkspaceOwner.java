package dev.cerulean.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.store.jdbc.Database;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Which process serves a workspace home: {@code owner.json} in the home, written by the process once
 * it listens and removed when it closes the workspace. The embedded database admits one process at a
 * time, so a command that finds the home locked reads this file to name the holder and the URL to
 * reach the workspace through it instead.
 */
final class WorkspaceOwner {
    static final String FILE = "owner.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A live process that has the home open. */
    record Holder(long pid, String url, String command, Instant since) {
        boolean isServer() {
            return command != null && (command.equals("cerulean server") || command.startsWith("cerulean server "));
        }
    }

    private WorkspaceOwner() {
    }

    /** Records this process as the home's holder, serving it at {@code url}. A home that cannot be written is left as it is. */
    static void claim(Path home, String url, Instant now) {
        ProcessHandle self = ProcessHandle.current();
        ObjectNode doc = JSON.createObjectNode().put("pid", self.pid()).put("url", url).put("since", now.toString());
        commandOfThisProcess().ifPresent(c -> doc.put("command", c));
        Path file = home.resolve(FILE);
        Path tmp = home.resolve(FILE + "." + self.pid() + ".tmp");
        try {
            Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // Only the message of a later, locked-out command is poorer for it.
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }

    /** Removes the record if this process wrote it. */
    static void release(Path home) {
        Path file = home.resolve(FILE);
        read(file).filter(h -> h.pid() == ProcessHandle.current().pid()).ifPresent(h -> {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a stale record names a dead process, which find() ignores
            }
        });
    }

    /** The live process recorded as the home's holder, if any. */
    static Optional<Holder> find(Path home) {
        return read(home.resolve(FILE)).filter(WorkspaceOwner::alive);
    }

    /** The recorded process still runs, and is not a newer one that reuses a dead holder's pid. */
    private static boolean alive(Holder h) {
        Optional<ProcessHandle> p = ProcessHandle.of(h.pid()).filter(ProcessHandle::isAlive);
        Optional<Instant> started = p.flatMap(x -> x.info().startInstant());
        return p.isPresent() && (started.isEmpty() || h.since() == null || !started.get().isAfter(h.since().plusSeconds(1)));
    }

    /** The error for a command that found the home's database locked: who holds it and how to reach the workspace anyway. */
    static CeruleanException inUse(Path home, Throwable cause) {
        Optional<Holder> holder = find(home).filter(h -> h.pid() != ProcessHandle.current().pid());
        String message;
        if (holder.isEmpty()) {
            message = "the workspace " + home + " is in use by another process (a Cerulean server or command on this home): "
                    + "pass --url (or set CERULEAN_URL) to run this command through the server that has it open";
        } else {
            Holder h = holder.get();
            String who = "process " + h.pid() + (h.command() != null ? " (" + h.command() + ")" : "");
            if (h.isServer()) {
                message = "the workspace " + home + " is in use by a Cerulean server, " + who + ", at " + h.url()
                        + ": run this command against it with --url " + h.url() + " (or set CERULEAN_URL=" + h.url() + ")";
            } else {
                message = "the workspace " + home + " is in use by " + who + ", which serves it at " + h.url()
                        + " until it ends: pass --url " + h.url() + " to run this command meanwhile, or start `cerulean server`"
                        + " on this home so that commands can share it";
            }
        }
        return new CeruleanException(ErrorCode.UNAVAILABLE, message, "home", List.of(), cause);
    }

    private static Optional<Holder> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode doc = JSON.readTree(file.toFile());
            if (!doc.path("pid").canConvertToLong() || !doc.hasNonNull("url")) {
                return Optional.empty();
            }
            Instant since = null;
            if (doc.hasNonNull("since")) {
                since = Instant.parse(doc.get("since").asText());
            }
            return Optional.of(new Holder(doc.get("pid").asLong(), doc.get("url").asText(),
                    doc.hasNonNull("command") ? doc.get("command").asText() : null, since));
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The Cerulean command this process runs, as the user typed it ({@code cerulean server --port 5001}),
     * from its arguments after {@code -jar cerulean.jar} or the main class.
     */
    static Optional<String> commandOfThisProcess() {
        return arguments().flatMap(WorkspaceOwner::command);
    }

    /** The Cerulean command in a JVM's arguments (after the executable), secrets masked. */
    static Optional<String> command(List<String> args) {
        int start = -1;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-jar") && i + 1 < args.size() && args.get(i + 1).endsWith(".jar")) {
                start = i + 2;
                break;
            }
            if (args.get(i).equals("dev.cerulean.app.Cerulean")) {
                start = i + 1;
                break;
            }
        }
        if (start < 0) {
            return Optional.empty();
        }
        StringBuilder command = new StringBuilder("cerulean");
        for (int i = start; i < args.size(); i++) {
            // Secrets given on the command line stay out of a file others may read.
            String previous = i > start ? args.get(i - 1) : "";
            boolean secret = previous.startsWith("-") && previous.toLowerCase(java.util.Locale.ROOT).contains("password");
            command.append(' ').append(secret ? "***" : Database.redact(args.get(i)));
        }
        return Optional.of(command.toString());
    }

    /**
     * This process's arguments after the executable. {@code ProcessHandle.Info} gives none when the
     * command line is longer than 4 KiB (a long class path), so Linux's own record is read first.
     */
    private static Optional<List<String>> arguments() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                String all = new String(Files.readAllBytes(cmdline), java.nio.charset.StandardCharsets.UTF_8);
                List<String> parts = List.of(all.split("\0"));
                if (parts.size() > 1) {
                    return Optional.of(parts.subList(1, parts.size()));
                }
            } catch (IOException e) {
                // fall back to what the JDK reports
            }
        }
        return ProcessHandle.current().info().arguments().map(List::of);
    }
}
