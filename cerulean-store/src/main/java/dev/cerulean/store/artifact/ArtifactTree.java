package dev.cerulean.store.artifact;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Files addressed by path under a root, as MLflow's artifact proxy serves them
 * ({@code <experiment>/<run>/artifacts/model/MLmodel}). Each file is written to a temporary file,
 * synced and renamed into place, so readers never see a partial file; relative paths that would
 * leave the root are refused.
 */
public final class ArtifactTree {
    /**
     * A directory entry.
     *
     * @param path     path relative to the root, with '/' separators
     * @param isDir    whether it is a folder
     * @param fileSize size in bytes (files only)
     */
    public record Entry(String path, boolean isDir, long fileSize) {
    }

    private static final String TMP = ".tmp";
    /** Longest folder name written for a model name; longer ones end in a hash (file systems allow 255 bytes). */
    private static final int MAX_SEGMENT = 160;
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Path root;

    public ArtifactTree(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root.resolve(TMP));
    }

    public Path root() {
        return root;
    }

    /**
     * The folder of a registered model version's files, {@code models/<name>/<version>}: the one place
     * where a model name becomes a path, used when the files are written and recorded in the version's
     * storage location, which every reader (the artifact proxy, downloads, deployments) then follows.
     *
     * <p>The name is written with URI-unreserved characters only ({@code A-Z a-z 0-9 - _ .}, every other
     * UTF-8 byte as {@code ~XX}), so the folder's path is also its URI path: MLflow clients put the
     * storage location verbatim into a request path (which the server decodes) and into a {@code path}
     * query parameter (which they encode), and both reach the same folder only if nothing in it needs
     * encoding. {@code fraud.v2} stays {@code fraud.v2}; {@code a b} is {@code a~20b}; {@code modèle} is
     * {@code mod~C3~A8le}. A name that would be longer than 160 characters keeps its first part and ends
     * in {@code ~~} and a hash of the whole name, which no shorter name's folder contains.
     *
     * @param name    a registered model name (not empty)
     * @param version the version number
     */
    public static String modelVersionFolder(String name, int version) {
        return "models/" + uriSafe(name) + "/" + version;
    }

    static String uriSafe(String name) {
        StringBuilder sb = new StringBuilder();
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.') {
                sb.append((char) c);
            } else {
                sb.append('~').append(HEX[c >> 4]).append(HEX[c & 15]);
            }
        }
        String out = sb.toString();
        if (out.chars().allMatch(c -> c == '.')) {
            // "." and ".." name no folder of their own
            out = out.replace(".", "~2E");
        }
        if (out.length() <= MAX_SEGMENT) {
            return out;
        }
        int cut = MAX_SEGMENT - 20;
        int tilde = out.lastIndexOf('~', cut - 1);
        if (tilde > cut - 3) {
            cut = tilde;
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return out.substring(0, cut) + "~~" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /**
     * The file a relative path names.
     *
     * @throws InvalidParameterException for an absolute path or one that leaves the root
     */
    public Path resolve(String relative) {
        String r = relative == null ? "" : relative.replace('\\', '/');
        while (r.startsWith("/")) {
            r = r.substring(1);
        }
        if (r.contains("\0")) {
            throw new InvalidParameterException("artifact path '" + relative + "' contains a NUL character", "path");
        }
        Path p;
        try {
            p = root.resolve(r).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidParameterException("artifact path '" + relative + "' is not a valid path", "path");
        }
        for (String part : r.split("/")) {
            if (part.equals("..")) {
                throw new InvalidParameterException("artifact path '" + relative + "' may not contain '..'", "path");
            }
        }
        if (!p.startsWith(root) || p.startsWith(root.resolve(TMP))) {
            throw new InvalidParameterException("artifact path '" + relative + "' leaves the artifact root", "path");
        }
        return p;
    }

    /** Writes a file atomically, replacing any file at that path. Reads the stream to its end; does not close it. */
    public long write(String relative, InputStream content) throws IOException {
        Path target = resolve(relative);
        if (target.equals(root) || Files.isDirectory(target)) {
            throw new InvalidParameterException("artifact path '" + relative + "' is a folder", "path");
        }
        Files.createDirectories(target.getParent());
        Path part = root.resolve(TMP).resolve(UUID.randomUUID() + ".part");
        try {
            long size;
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    OutputStream out = Channels.newOutputStream(ch)) {
                size = content.transferTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return size;
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** @throws NotFoundException when there is no such file */
    public InputStream open(String relative) throws IOException {
        Path p = resolve(relative);
        if (Files.isDirectory(p)) {
            throw new InvalidParameterException("artifact path '" + relative + "' is a folder", "path");
        }
        try {
            return Files.newInputStream(p);
        } catch (NoSuchFileException e) {
            throw new NotFoundException("artifact '" + relative + "' does not exist", "path");
        }
    }

    public boolean exists(String relative) {
        return Files.exists(resolve(relative));
    }

    public boolean isDirectory(String relative) {
        return Files.isDirectory(resolve(relative));
    }

    public long size(String relative) throws IOException {
        return Files.size(resolve(relative));
    }

    /** The direct children of a folder (empty when it does not exist), folders and files by name. */
    public List<Entry> list(String relative) throws IOException {
        Path dir = resolve(relative);
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                if (p.equals(root.resolve(TMP))) {
                    continue;
                }
                boolean isDir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                out.add(new Entry(root.relativize(p).toString().replace('\\', '/'), isDir, isDir ? 0 : Files.size(p)));
            }
        }
        return out;
    }

    /** Every file under a folder, recursively, by path. */
    public List<Entry> walk(String relative) throws IOException {
        Path dir = resolve(relative);
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.filter(Files::isRegularFile).sorted()::iterator) {
                out.add(new Entry(root.relativize(p).toString().replace('\\', '/'), false, Files.size(p)));
            }
        }
        return out;
    }

    /** Deletes a file or a folder with everything under it. */
    public void delete(String relative) throws IOException {
        Path p = resolve(relative);
        if (p.equals(root)) {
            throw new InvalidParameterException("refusing to delete the artifact root", "path");
        }
        if (!Files.exists(p)) {
            throw new NotFoundException("artifact '" + relative + "' does not exist", "path");
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                try {
                    Files.delete(x);
                } catch (DirectoryNotEmptyException e) {
                    // a concurrent writer added a file; leave the folder
                }
            }
        }
    }

    /**
     * Copies a folder (or file) to a new place that must not exist yet, hard-linking files where the
     * file system allows (artifacts are never modified in place, so links are safe) and copying
     * otherwise. The copy is built under a temporary name and renamed, so it appears complete or not at all.
     */
    public void snapshot(String from, String to) throws IOException {
        Path src = resolve(from);
        Path dst = resolve(to);
        if (Files.exists(dst)) {
            throw new dev.cerulean.core.ConflictException("'" + to + "' already exists", "path");
        }
        Path staging = root.resolve(TMP).resolve(UUID.randomUUID().toString());
        try {
            if (Files.isRegularFile(src)) {
                Files.createDirectories(staging);
                linkOrCopy(src, staging.resolve(src.getFileName()));
            } else {
                try (Stream<Path> s = Files.walk(src)) {
                    for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                        Path t = staging.resolve(src.relativize(p).toString());
                        if (Files.isDirectory(p)) {
                            Files.createDirectories(t);
                        } else {
                            linkOrCopy(p, t);
                        }
                    }
                }
            }
            Files.createDirectories(dst.getParent());
            Files.move(staging, dst, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            if (Files.exists(staging)) {
                try (Stream<Path> s = Files.walk(staging)) {
                    for (Path x : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                        Files.deleteIfExists(x);
                    }
                }
            }
        }
    }

    private static void linkOrCopy(Path src, Path dst) throws IOException {
        Files.createDirectories(dst.getParent());
        try {
            Files.createLink(dst, src);
        } catch (FileSystemException | UnsupportedOperationException e) {
            Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES);
        }
    }
}
