package dev.cerulean.ml.natives;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads the native libraries of LightGBM, XGBoost, ONNX Runtime and DuckDB so that no file this
 * process maps is ever rewritten by another process. Each library's own loader unpacks into {@code
 * java.io.tmpdir}; LightGBM's does so under a fixed name, truncating and rewriting the file another
 * JVM has mapped, which kills that JVM with SIGBUS or SIGSEGV. Here:
 *
 * <ul>
 *   <li><b>XGBoost</b> and <b>ONNX Runtime</b> load from the {@linkplain #directory() shared cache}: a
 *       folder per library and content, written under a temporary name and renamed into place once,
 *       never overwritten ({@link NativeCache}).
 *   <li><b>LightGBM</b>'s loader cannot be pointed at a file without rewriting it, so it unpacks into a
 *       folder private to this process, deleted as soon as the library is mapped.
 *   <li><b>DuckDB</b> 2.x unpacks into a temporary file with a unique name of its own
 *       ({@code Files.createTempFile}), which no other process knows; it is loaded as it is.
 * </ul>
 *
 * Every method is idempotent and thread-safe, and must run before the library's classes are first
 * used; the learners, the ONNX model and the DuckDB connections of this module call them. A library
 * that cannot be loaded gives a {@link CeruleanException} saying what the machine lacks.
 */
public final class NativeLibraries {
    /** System property naming the cache folder. */
    public static final String DIRECTORY_PROPERTY = "cerulean.natives";
    /** Environment variable naming the cache folder, when the property is not set. */
    public static final String DIRECTORY_ENV = "CERULEAN_NATIVES";

    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private NativeLibraries() {
    }

    /**
     * The folder that holds unpacked libraries: {@value #DIRECTORY_PROPERTY}, else {@value
     * #DIRECTORY_ENV}, else {@code $XDG_CACHE_HOME/cerulean/natives} or {@code ~/.cache/cerulean/natives}.
     */
    public static Path directory() {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(DIRECTORY_ENV);
        }
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return cache.resolve("cerulean").resolve("natives").toAbsolutePath();
    }

    /** Loads LightGBM (lightgbm4j) from a private copy. */
    public static void lightGbm() {
        check(LightGbm.FAILURE);
    }

    /** Loads XGBoost (xgboost4j) from the shared cache. */
    public static void xgboost() {
        check(Xgboost.FAILURE);
    }

    /** Points ONNX Runtime at its libraries in the shared cache; ONNX Runtime loads them on first use. */
    public static void onnxRuntime() {
        check(Onnx.FAILURE);
    }

    /** Loads DuckDB's JDBC driver and with it DuckDB's library. */
    public static void duckDb() {
        check(DuckDb.FAILURE);
    }

    private static void check(CeruleanException failure) {
        if (failure != null) {
            throw failure;
        }
    }

    private static CeruleanException unavailable(String library, String hint, Throwable cause) {
        String detail = cause == null ? "" : ": " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
        return new CeruleanException(ErrorCode.INTERNAL, library + "'s native library could not be loaded" + detail
                + (hint.isEmpty() ? "" : " (" + hint + ")"), null, List.of(), cause);
    }

    private static final class LightGbm {
        static final CeruleanException FAILURE = load();

        private static CeruleanException load() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            Path privateDir;
            try {
                NativeCache.createPrivateDirectories(tmp);
                privateDir = Files.createTempDirectory(tmp, "cerulean-lightgbm-");
            } catch (IOException | RuntimeException e) {
                return unavailable("LightGBM", "java.io.tmpdir must be writable", e);
            }
            boolean loaded;
            // lightgbm4j's static initialiser unpacks into java.io.tmpdir as it finds it at that moment.
            String saved = System.getProperty("java.io.tmpdir");
            System.setProperty("java.io.tmpdir", privateDir.toString());
            try {
                Class<?> booster = Class.forName("io.github.metarank.lightgbm4j.LGBMBooster", true, NativeLibraries.class.getClassLoader());
                loaded = (Boolean) booster.getMethod("isNativeLoaded").invoke(null);
            } catch (ReflectiveOperationException | LinkageError e) {
                return unavailable("LightGBM", "", e);
            } finally {
                System.setProperty("java.io.tmpdir", saved);
                if (WINDOWS) {
                    // A loaded DLL cannot be deleted; it goes when the process ends.
                    privateDir.toFile().deleteOnExit();
                    try (var files = Files.list(privateDir)) {
                        files.forEach(f -> f.toFile().deleteOnExit());
                    } catch (IOException e) {
                        // left for the system's temporary-file cleaning
                    }
                } else {
                    // Mapped libraries stay usable after their files are unlinked.
                    NativeCache.deleteTree(privateDir);
                }
            }
            return loaded ? null : unavailable("LightGBM", "on Linux it needs the OpenMP runtime: install libgomp1", null);
        }
    }

    private static final class Xgboost {
        static final CeruleanException FAILURE = load();

        private static CeruleanException load() {
            String file = System.mapLibraryName("xgboost4j");
            try {
                Class<?> loader = Class.forName("ml.dmlc.xgboost4j.java.NativeLibLoader", true, NativeLibraries.class.getClassLoader());
                // System.load binds a library to the caller's class loader: only preload for our own.
                if (loader.getClassLoader() != NativeLibraries.class.getClassLoader()) {
                    return null;
                }
                Field initialized = loader.getDeclaredField("initialized");
                initialized.setAccessible(true);
                // XGBoost's initXGBoost() holds this lock while it checks and sets the same flag.
                synchronized (loader) {
                    if (initialized.getBoolean(null)) {
                        return null;
                    }
                    URL url = loader.getResource("/lib/" + xgboostPlatform() + "/" + file);
                    if (url == null) {
                        return null;
                    }
                    Path folder = new NativeCache(directory()).folder("xgboost4j", List.of(new NativeCache.Resource(url, file)));
                    System.load(folder.resolve(file).toString());
                    initialized.setBoolean(null, true);
                }
                return null;
            } catch (NoSuchFieldException e) {
                // Another xgboost4j version: its own loader (a unique temporary file) takes over.
                return null;
            } catch (ReflectiveOperationException | IOException | RuntimeException | LinkageError e) {
                return unavailable("XGBoost", "on Linux it needs the OpenMP runtime: install libgomp1", e);
            }
        }

        private static String xgboostPlatform() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            String a = arch.equals("amd64") || arch.equals("x86_64") ? "x86_64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
            String o = os.startsWith("mac") ? "macos" : os.startsWith("windows") ? "windows" : os.startsWith("linux") ? "linux" : os;
            return o + "/" + a;
        }
    }

    private static final class Onnx {
        static final CeruleanException FAILURE = prepare();

        private static CeruleanException prepare() {
            if (System.getProperty("onnxruntime.native.path") != null) {
                return null;
            }
            try {
                Class<?> ort = Class.forName("ai.onnxruntime.OnnxRuntime", false, NativeLibraries.class.getClassLoader());
                String dir = "ai/onnxruntime/native/" + onnxPlatform() + "/";
                List<NativeCache.Resource> resources = new ArrayList<>();
                for (String lib : List.of("onnxruntime", "onnxruntime4j_jni", "onnxruntime_providers_shared")) {
                    String file = System.mapLibraryName(lib);
                    URL url = ort.getClassLoader().getResource(dir + file);
                    if (url != null) {
                        resources.add(new NativeCache.Resource(url, file));
                    }
                }
                if (resources.size() < 2) {
                    return null; // not this platform's jar: ONNX Runtime reports what it lacks
                }
                Path folder = new NativeCache(directory()).folder("onnxruntime", resources);
                System.setProperty("onnxruntime.native.path", folder.toString());
                return null;
            } catch (ClassNotFoundException e) {
                return unavailable("ONNX Runtime", "onnxruntime is not on the class path", e);
            } catch (IOException | RuntimeException e) {
                return unavailable("ONNX Runtime", "", e);
            }
        }

        private static String onnxPlatform() {
            String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            String a = arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch.equals("aarch64") || arch.equals("arm64") ? "aarch64" : arch;
            String o = os.startsWith("mac") ? "osx" : os.startsWith("windows") ? "win" : os.startsWith("linux") ? "linux" : os;
            return o + "-" + a;
        }
    }

    private static final class DuckDb {
        static final CeruleanException FAILURE = load();

        private static CeruleanException load() {
            try {
                Class.forName("org.duckdb.DuckDBDriver", true, NativeLibraries.class.getClassLoader());
                return null;
            } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
                return unavailable("DuckDB", "", e);
            }
        }
    }
}
