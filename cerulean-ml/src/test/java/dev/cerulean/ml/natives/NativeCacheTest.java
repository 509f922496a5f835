package dev.cerulean.ml.natives;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeCacheTest {
    @TempDir
    Path tmp;

    private URL jarEntry(String jarName, String entry, byte[] content) throws Exception {
        Path jar = tmp.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            out.write(content);
            out.closeEntry();
        }
        return new URL("jar:" + jar.toUri() + "!/" + entry);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void unpacksALibraryFromAJarOnceAndNeverRewritesIt() throws Exception {
        byte[] content = bytes(300_000, 1);
        URL url = jarEntry("a.jar", "native/libdemo.so", content);
        NativeCache cache = new NativeCache(tmp.resolve("cache"));
        Path folder = cache.folder("demo", List.of(new NativeCache.Resource(url, "libdemo.so")));
        Path lib = folder.resolve("libdemo.so");
        assertThat(Files.readAllBytes(lib)).isEqualTo(content);

        FileTime written = FileTime.fromMillis(1_000_000L);
        Files.setLastModifiedTime(lib, written);
        Object inode = Files.readAttributes(lib, BasicFileAttributes.class).fileKey();
        assertThat(cache.folder("demo", List.of(new NativeCache.Resource(url, "libdemo.so")))).isEqualTo(folder);
        assertThat(Files.getLastModifiedTime(lib)).as("the file is not written again").isEqualTo(written);
        assertThat(Files.readAttributes(lib, BasicFileAttributes.class).fileKey()).as("the same file").isEqualTo(inode);
    }

    @Test
    void otherContentGoesToAnotherFolder() throws Exception {
        NativeCache cache = new NativeCache(tmp.resolve("cache"));
        Path a = cache.folder("demo", List.of(new NativeCache.Resource(jarEntry("a.jar", "libdemo.so", bytes(1000, 1)), "libdemo.so")));
        Path b = cache.folder("demo", List.of(new NativeCache.Resource(jarEntry("b.jar", "libdemo.so", bytes(1000, 2)), "libdemo.so")));
        assertThat(a).isNotEqualTo(b);
        assertThat(Files.readAllBytes(a.resolve("libdemo.so"))).isEqualTo(bytes(1000, 1));
        assertThat(Files.readAllBytes(b.resolve("libdemo.so"))).isEqualTo(bytes(1000, 2));
    }

    @Test
    void resourcesOutsideAJarAreKeyedByTheirContent() throws Exception {
        Path file = tmp.resolve("libplain.so");
        Files.write(file, bytes(5000, 3));
        NativeCache cache = new NativeCache(tmp.resolve("cache"));
        Path first = cache.folder("plain", List.of(new NativeCache.Resource(file.toUri().toURL(), "libplain.so")));
        Files.write(file, bytes(5000, 4));
        Path second = cache.folder("plain", List.of(new NativeCache.Resource(file.toUri().toURL(), "libplain.so")));
        assertThat(first).isNotEqualTo(second);
        assertThat(Files.readAllBytes(first.resolve("libplain.so"))).isEqualTo(bytes(5000, 3));
    }

    @Test
    void manyThreadsUnpackingAtOnceAllGetTheSameCompleteFolderAndLeaveNoPartials() throws Exception {
        byte[] a = bytes(2_000_000, 5);
        byte[] b = bytes(100_000, 6);
        List<NativeCache.Resource> resources = List.of(new NativeCache.Resource(jarEntry("a.jar", "x/liba.so", a), "liba.so"),
                new NativeCache.Resource(jarEntry("b.jar", "x/libb.so", b), "libb.so"));
        Path root = tmp.resolve("cache");
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<Path> folders = ConcurrentHashMap.newKeySet();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    Path f = new NativeCache(root).folder("pair", resources);
                    // Whatever a caller gets back is already complete.
                    assertThat(Files.readAllBytes(f.resolve("liba.so"))).isEqualTo(a);
                    assertThat(Files.readAllBytes(f.resolve("libb.so"))).isEqualTo(b);
                    folders.add(f);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(folders).hasSize(1);
        try (Stream<Path> list = Files.list(root)) {
            assertThat(list.map(p -> p.getFileName().toString())).containsExactly(folders.iterator().next().getFileName().toString());
        }
    }

    @Test
    void abandonedPartialFoldersOfKilledProcessesAreRemoved() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("cache"));
        Path old = Files.createDirectory(root.resolve(".partial-demo-123"));
        try (OutputStream out = Files.newOutputStream(old.resolve("libdemo.so"))) {
            out.write(bytes(10, 7));
        }
        Files.setLastModifiedTime(old, FileTime.fromMillis(System.currentTimeMillis() - 2 * 3_600_000L));
        Path fresh = Files.createDirectory(root.resolve(".partial-demo-456"));
        new NativeCache(root).folder("demo", List.of(new NativeCache.Resource(jarEntry("a.jar", "libdemo.so", bytes(10, 8)), "libdemo.so")));
        assertThat(old).doesNotExist();
        assertThat(fresh).as("a partial folder that may still be being written stays").exists();
    }
}
