package dev.cerulean.ml.natives;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.jar.JarEntry;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * A folder of native libraries unpacked from jars, where a file, once visible, is never written
 * again. Each set of libraries goes into a folder named after their content ({@code
 * <name>-<digest>}); the folder is filled under a temporary name and renamed into place in one step,
 * so a process sees either nothing or the complete files, and a second process that unpacks the same
 * libraries at the same time keeps the first one's folder and throws its own copy away. A process can
 * therefore map a library from here while any number of others start, unpack and load.
 */
final class NativeCache {
    private final Path root;

    NativeCache(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    Path root() {
        return root;
    }

    /** A library inside a jar (or a class folder), and the file name it must have on disk. */
    record Resource(URL url, String fileName) {
        Resource {
            Objects.requireNonNull(url, "url");
            if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
                throw new IllegalArgumentException("not a file name: " + fileName);
            }
        }
    }

    /**
     * The folder that holds these libraries, unpacked if no process has done so yet.
     *
     * @param name what the libraries are (a folder name prefix: letters, digits, '-', '.')
     * @throws IOException when the libraries cannot be read or the folder cannot be written
     */
    Path folder(String name, List<Resource> resources) throws IOException {
        List<Long> sizes = new ArrayList<>();
        String digest = digest(resources, sizes);
        Path target = root.resolve(name + "-" + digest);
        if (complete(target, resources, sizes)) {
            return target;
        }
        createPrivateDirectories(root);
        removeAbandonedPartials();
        Path partial = Files.createTempDirectory(root, ".partial-" + name + "-");
        try {
            for (int i = 0; i < resources.size(); i++) {
                unpack(resources.get(i), partial.resolve(resources.get(i).fileName()), sizes.get(i));
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot rename " + partial + " into place atomically", e);
            } catch (FileSystemException e) {
                // Another process renamed its copy into place first: use that one.
                if (!complete(target, resources, sizes)) {
                    throw e;
                }
            }
        } finally {
            deleteTree(partial);
        }
        return target;
    }

    /** Partial folders of processes killed while unpacking; an hour is far longer than any unpacking takes. */
    private void removeAbandonedPartials() {
        long cutoff = System.currentTimeMillis() - 3_600_000L;
        try (Stream<Path> list = Files.list(root)) {
            list.filter(p -> p.getFileName().toString().startsWith(".partial-")).forEach(p -> {
                try {
                    if (Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis() < cutoff) {
                        deleteTree(p);
                    }
                } catch (IOException e) {
                    // gone already, or not ours to delete: either way nothing to do
                }
            });
        } catch (IOException e) {
            // an unreadable root shows up as a failure to unpack, with its cause
        }
    }

    /**
     * A content key for the resources without reading them where the jar already records one: a
     * jar entry's CRC-32 and size. A resource outside a jar is hashed in full.
     */
    private static String digest(List<Resource> resources, List<Long> sizes) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (Resource r : resources) {
            sha.update(r.fileName().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            URLConnection c = r.url().openConnection();
            JarEntry entry = c instanceof JarURLConnection j ? j.getJarEntry() : null;
            if (entry != null && entry.getCrc() != -1 && entry.getSize() != -1) {
                sha.update((":" + Long.toHexString(entry.getCrc()) + ":" + entry.getSize() + ";")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sizes.add(entry.getSize());
            } else {
                long size = 0;
                try (InputStream in = c.getInputStream()) {
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = in.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                        size += n;
                    }
                }
                sizes.add(size);
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 12);
    }

    private static boolean complete(Path folder, List<Resource> resources, List<Long> sizes) throws IOException {
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        for (int i = 0; i < resources.size(); i++) {
            Path f = folder.resolve(resources.get(i).fileName());
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) != sizes.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static void unpack(Resource r, Path file, long expectedSize) throws IOException {
        URLConnection c = r.url().openConnection();
        JarEntry entry = c instanceof JarURLConnection j ? j.getJarEntry() : null;
        CRC32 crc = new CRC32();
        long written = 0;
        try (InputStream in = c.getInputStream();
             OutputStream out = new CheckedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE, StandardOpenOption.SYNC), crc)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
                written += n;
            }
        }
        if (written != expectedSize || entry != null && entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
            throw new IOException("unpacking " + r.url() + " gave " + written + " bytes with CRC "
                    + Long.toHexString(crc.getValue()) + ", expected " + expectedSize + " bytes"
                    + (entry != null ? " with CRC " + Long.toHexString(entry.getCrc()) : ""));
        }
    }

    /** Creates the folder (and its parents) readable and writable by this user only, where POSIX permissions exist. */
    static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    p.toFile().deleteOnExit();
                }
            });
        } catch (IOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
