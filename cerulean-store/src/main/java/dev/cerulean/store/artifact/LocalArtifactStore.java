package dev.cerulean.store.artifact;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.NotFoundException;
import dev.cerulean.store.ArtifactStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs under {@code <root>/sha256/<ab>/<cd>/<hex>}, written through {@code <root>/tmp}.
 * Leftover temporary files from a killed process are invisible and are removed at start-up.
 */
public final class LocalArtifactStore implements ArtifactStore {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int BUFFER = 1 << 16;

    private final Path root;
    private final Path tmp;

    public LocalArtifactStore(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.tmp = this.root.resolve("tmp");
        Files.createDirectories(this.root.resolve("sha256"));
        Files.createDirectories(tmp);
        removeStaleTemporaries();
    }

    private void removeStaleTemporaries() throws IOException {
        FileTime cutoff = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        try (Stream<Path> files = Files.list(tmp)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(f).compareTo(cutoff) < 0) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** A new temporary file in this store, on the same file system as the blobs (so a rename is atomic). */
    public Path newTemporaryFile() throws IOException {
        return Files.createFile(tmp.resolve(UUID.randomUUID() + ".part"));
    }

    @Override
    public Blob put(InputStream content) throws IOException {
        Path part = newTemporaryFile();
        try {
            MessageDigest digest = sha256();
            long size;
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE);
                    OutputStream out = new DigestOutputStream(java.nio.channels.Channels.newOutputStream(ch), digest)) {
                size = content.transferTo(out);
                out.flush();
                ch.force(true);
            }
            String hex = HexFormat.of().formatHex(digest.digest());
            return new Blob(hex, size, moveIntoPlace(part, hex));
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public Blob putFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return put(new java.io.BufferedInputStream(in, BUFFER));
        }
    }

    private boolean moveIntoPlace(Path part, String hex) throws IOException {
        Path target = blobPath(hex);
        if (Files.exists(target)) {
            return false;
        }
        Files.createDirectories(target.getParent());
        try {
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the artifact root " + root + " does not support atomic renames", e);
        }
        target.toFile().setReadOnly();
        return true;
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(blobPath(sha256));
    }

    @Override
    public Path path(String sha256) {
        Path p = blobPath(sha256);
        if (!Files.isRegularFile(p)) {
            throw new NotFoundException("artifact sha256:" + sha256 + " is not in the store");
        }
        return p;
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        try {
            return Files.newInputStream(blobPath(sha256));
        } catch (NoSuchFileException e) {
            throw new NotFoundException("artifact sha256:" + sha256 + " is not in the store");
        }
    }

    @Override
    public void delete(String sha256) throws IOException {
        Path p = blobPath(sha256);
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path blobPath(String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new InvalidParameterException("'" + sha256 + "' is not a SHA-256 digest", "sha256");
        }
        return root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
