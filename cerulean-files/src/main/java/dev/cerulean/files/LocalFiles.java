package dev.cerulean.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a local path stands for when it is snapshotted for a job (its code, or local data):
 * a file, or every file under a folder except version control, caches and what {@code .amlignore}
 * (or else {@code .gitignore}) at its root excludes, as Azure ML's CLI does. Shared by the client,
 * which uploads them, and the server, which snapshots paths it can read itself.
 */
public final class LocalFiles {
    /** Names never snapshotted. */
    public static final List<String> ALWAYS_IGNORED = List.of(".git", "__pycache__", ".cerulean", ".ipynb_checkpoints", ".DS_Store");

    /**
     * A file to snapshot.
     *
     * @param path relative path with '/' separators (a lone file: its name)
     * @param file where it is
     */
    public record Entry(String path, Path file) {
    }

    private LocalFiles() {
    }

    /** The files of a file or folder, sorted by path. */
    public static List<Entry> walk(Path source) throws IOException {
        if (Files.isRegularFile(source)) {
            return List.of(new Entry(source.getFileName().toString(), source));
        }
        List<PathMatcher> ignore = ignoreRules(source);
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
                Path rel = source.relativize(p);
                if (Files.isRegularFile(p) && !ignored(rel, ignore)) {
                    out.add(new Entry(rel.toString().replace('\\', '/'), p));
                }
            }
        }
        return out;
    }

    /** Hex SHA-256 of a file's bytes. */
    public static String sha256(Path file) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), d)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<PathMatcher> ignoreRules(Path root) throws IOException {
        Path file = Files.isRegularFile(root.resolve(".amlignore")) ? root.resolve(".amlignore") : root.resolve(".gitignore");
        List<PathMatcher> out = new ArrayList<>();
        if (Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                    continue;
                }
                t = t.replaceAll("^/+", "").replaceAll("/+$", "");
                out.add(FileSystems.getDefault().getPathMatcher("glob:" + t));
                out.add(FileSystems.getDefault().getPathMatcher("glob:**/" + t));
            }
        }
        return out;
    }

    static boolean ignored(Path rel, List<PathMatcher> rules) {
        for (Path part : rel) {
            if (ALWAYS_IGNORED.contains(part.toString())) {
                return true;
            }
        }
        for (int i = 1; i <= rel.getNameCount(); i++) {
            Path prefix = rel.subpath(0, i);
            for (PathMatcher m : rules) {
                if (m.matches(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }
}
