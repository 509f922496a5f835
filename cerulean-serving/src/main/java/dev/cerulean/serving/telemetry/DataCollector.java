package dev.cerulean.serving.telemetry;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.cerulean.core.endpoint.DataCollectorSettings;
import dev.cerulean.core.endpoint.DataCollectorSettings.RollingRate;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.request.ScoringInput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects a sample of a deployment's production data off the request path. Scoring threads only
 * offer a reference to a queue (dropping, and counting the drop, when it is full); a collector
 * thread writes each sampled row as a JSON line to the current window's file of each collection
 * ({@code model_inputs}: the input columns; {@code model_outputs}: {@code prediction} and
 * {@code probability_<class>}), both keyed by {@code request_id} and {@code row}. When a window
 * ends (its {@code rolling_rate}), or the deployment stops, the file is handed to the {@link Sink}
 * that registers it as the next version of the collection's data asset: one version per window.
 */
public final class DataCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataCollector.class);
    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm'Z'").withZone(ZoneOffset.UTC);
    /** Requests waiting to be written; beyond this they are dropped rather than slow down scoring. */
    static final int QUEUE = 10_000;

    /** Registers a finished window's file as a data asset version. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param collection  {@code model_inputs} or {@code model_outputs}
         * @param dataName    the data asset to add a version to
         * @param file        the window's JSON-lines file (the sink may move or delete it)
         * @param windowStart when the window began
         */
        void register(String collection, String dataName, Path file, Instant windowStart) throws Exception;
    }

    private record Item(String requestId, Instant at, ScoringInput input, Predictions predictions) {
    }

    private final class Window {
        final DataCollectorSettings.Collection collection;
        Instant start;
        Path file;
        BufferedWriter out;
        /** The start of the last window finished (registered or pending): a row of it or before comes too late for it. */
        Instant finished;

        Window(DataCollectorSettings.Collection collection) {
            this.collection = collection;
        }
    }

    private final DataCollectorSettings settings;
    private final Path dir;
    private final Sink sink;
    private final DeploymentLog log;
    private final ServingMetrics.DeploymentMeters meters;
    private final Clock clock;
    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(QUEUE);
    private final List<Window> windows = new ArrayList<>();
    private final List<Window> unregistered = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closing;

    /**
     * @param dir  where window files are written until registered
     * @param name a name for the collector thread ({@code endpoint/deployment})
     */
    public DataCollector(DataCollectorSettings settings, Path dir, Sink sink, DeploymentLog log, ServingMetrics.DeploymentMeters meters,
            Clock clock, String name) {
        this.settings = settings;
        this.dir = dir;
        this.sink = sink;
        this.log = log;
        this.meters = meters;
        this.clock = clock;
        for (DataCollectorSettings.Collection c : settings.collections()) {
            windows.add(new Window(c));
        }
        this.thread = new Thread(this::loop, "data-collector-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Offers one scored request; sampled at {@code sampling_rate}. Never blocks.
     *
     * @return true when it was queued
     */
    public boolean offer(String requestId, ScoringInput input, Predictions predictions) {
        if (closing || settings.samplingRate() < 1 && ThreadLocalRandom.current().nextDouble() >= settings.samplingRate()) {
            return false;
        }
        if (!queue.offer(new Item(requestId, clock.instant(), input, predictions))) {
            meters.dropped("collector");
            return false;
        }
        return true;
    }

    private void loop() {
        List<Item> batch = new ArrayList<>();
        while (true) {
            try {
                Item first = queue.poll(1, TimeUnit.SECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, 999);
                }
                // close() finishes the windows itself if this thread does not end in time; never both at once
                synchronized (this) {
                    rollIfDue(clock.instant());
                    for (Item it : batch) {
                        write(it);
                    }
                    batch.clear();
                    for (Window w : windows) {
                        if (w.out != null) {
                            w.out.flush();
                        }
                    }
                }
                if (closing && queue.isEmpty()) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException | RuntimeException e) {
                batch.clear();
                log.error("data collector: cannot write collected data: " + e);
                LOG.warn("data collector in {} cannot write", dir, e);
            }
        }
    }

    private void write(Item it) throws IOException {
        for (Window w : windows) {
            Instant target = windowOf(it.at());
            if (w.finished != null && !target.isAfter(w.finished)) {
                // a row of a window already finished (queued when the window rolled) goes in the current one,
                // with its own timestamp: a window is registered once
                target = w.out != null ? w.start : windowOf(clock.instant());
            }
            if (w.out == null || !target.equals(w.start)) {
                finish(w);
                open(w, target);
            }
            boolean inputs = w.collection.name().equals(DataCollectorSettings.MODEL_INPUTS);
            int n = it.input().rowCount();
            for (int r = 0; r < n; r++) {
                try (JsonGenerator g = JSON.createGenerator(new NonClosing(w.out))) {
                    g.writeStartObject();
                    g.writeStringField("request_id", it.requestId());
                    g.writeStringField("timestamp", it.at().toString());
                    g.writeNumberField("row", r);
                    if (inputs) {
                        Object[] row = it.input().rows().get(r);
                        for (int c = 0; c < row.length; c++) {
                            writeValue(g, it.input().columns().get(c), row[c]);
                        }
                    } else {
                        Predictions p = it.predictions();
                        if (p.task().isClassification()) {
                            g.writeStringField(Predictions.PREDICTION, p.label(r));
                            for (int k = 0; k < p.classes().size(); k++) {
                                g.writeNumberField(Predictions.PROBABILITY_PREFIX + p.classes().get(k), p.probability(r, k));
                            }
                        } else {
                            g.writeNumberField(Predictions.PREDICTION, p.value(r));
                        }
                    }
                    g.writeEndObject();
                }
                w.out.write('\n');
            }
        }
    }

    private static void writeValue(JsonGenerator g, String name, Object v) throws IOException {
        g.writeFieldName(name);
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                g.writeNull();
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else {
            g.writeString(v.toString());
        }
    }

    private void open(Window w, Instant start) throws IOException {
        Path d = dir.resolve(w.collection.name());
        Files.createDirectories(d);
        w.start = start;
        w.file = d.resolve(FILE_TIME.format(start) + ".jsonl");
        w.out = Files.newBufferedWriter(w.file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void rollIfDue(Instant now) {
        Instant current = windowOf(now);
        for (Window w : windows) {
            if (w.out != null && !w.start.equals(current)) {
                finish(w);
            }
        }
    }

    /** Closes a window's file and registers it (again for earlier windows whose registration failed). */
    private void finish(Window w) {
        if (w.out == null) {
            return;
        }
        try {
            w.out.close();
        } catch (IOException e) {
            log.error("data collector: cannot close " + w.file + ": " + e.getMessage());
        }
        Window done = new Window(w.collection);
        done.start = w.start;
        done.file = w.file;
        unregistered.add(done);
        w.finished = w.start;
        w.out = null;
        w.file = null;
        w.start = null;
        registerPending();
    }

    /** Registers every finished window not registered yet; those that fail stay for the next try. */
    private void registerPending() {
        List<Window> pending = new ArrayList<>(unregistered);
        unregistered.clear();
        for (Window p : pending) {
            try {
                sink.register(p.collection.name(), p.collection.dataName(), p.file, p.start);
                log.info("data collector: registered the " + p.collection.name() + " window starting " + p.start + " as data asset "
                        + p.collection.dataName());
            } catch (Exception e) {
                unregistered.add(p);
                log.error("data collector: cannot register " + p.file + " as data asset " + p.collection.dataName() + ": " + e.getMessage()
                        + " (retried when the next window ends)");
                LOG.warn("cannot register collected data {}", p.file, e);
            }
        }
    }

    /** The start of the window an instant falls in. */
    Instant windowOf(Instant t) {
        RollingRate rate = settings.rollingRate();
        ZonedDateTime z = t.atZone(ZoneOffset.UTC);
        return switch (rate) {
            case MINUTE -> z.truncatedTo(ChronoUnit.MINUTES).toInstant();
            case HOUR -> z.truncatedTo(ChronoUnit.HOURS).toInstant();
            case DAY -> z.truncatedTo(ChronoUnit.DAYS).toInstant();
            case MONTH -> z.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1).toInstant();
            case YEAR -> z.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1).toInstant();
        };
    }

    /** Data asset names per collection. */
    public Map<String, String> dataNames() {
        Map<String, String> m = new LinkedHashMap<>();
        settings.collections().forEach(c -> m.put(c.name(), c.dataName()));
        return m;
    }

    /**
     * Writes what is queued, closes the current windows and registers them (and earlier windows whose
     * registration failed); waits up to a minute for the collector thread. Rows offered after this are
     * not collected.
     */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            for (Window w : windows) {
                finish(w);
            }
            // windows that ended before and could not be registered then get a last try
            registerPending();
            for (Window p : unregistered) {
                log.error("data collector: " + p.file + " stays unregistered; register it with 'cerulean data create'");
            }
        }
    }

    /** A writer the JSON generator can close without closing the file. */
    private static final class NonClosing extends java.io.Writer {
        private final java.io.Writer out;

        NonClosing(java.io.Writer out) {
            this.out = out;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            out.write(cbuf, off, len);
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            out.write(str, off, len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
