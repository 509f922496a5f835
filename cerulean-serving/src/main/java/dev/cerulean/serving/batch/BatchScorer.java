package dev.cerulean.serving.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cerulean.core.CancelToken;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.frame.FrameColumn;
import dev.cerulean.ml.frame.NumericColumn;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Scores a batch input with a model. The calling thread reads the input and hands mini-batches to
 * {@code concurrency} workers (at most twice that many wait, so memory stays bounded). A worker
 * scores a mini-batch in an attempt limited by {@code timeout}; a failure or timeout is retried up
 * to {@code maxRetries} times, except data errors (a value that does not fit its column), which no
 * retry can fix. When every attempt failed, the mini-batch is split in halves, recursively, down to
 * single rows: good rows get their prediction, each failing row is written to {@code _errors.csv}
 * with its error and counts against {@code errorThreshold}. Once that is exceeded, or the job is
 * canceled, no new mini-batch starts; output already scored is written all the same.
 *
 * <p>Output, in {@code outputDir}: the predictions file ({@code file,row[,id],prediction,probability_<class>...},
 * in input order), {@code _errors.csv} when rows failed ({@code file,row[,id],error}) and
 * {@code _summary.json} with the counts. Files starting with {@code _} are not part of the table a
 * data asset of the folder holds.
 */
public final class BatchScorer {
    static final String ERRORS_FILE = "_errors.csv";
    static final String SUMMARY_FILE = "_summary.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BatchScorer() {
    }

    /**
     * Runs a job to its end on the calling thread (plus its workers).
     *
     * @param outputDir an empty or absent folder the output is written to
     * @return how it ended; a job that fails still returns, with what it produced
     * @throws CeruleanException INVALID_PARAMETER before anything is scored when the input lacks a column the
     *                           model needs, names an id column it does not have, or cannot be read
     */
    public static BatchResult run(BatchInput input, Model model, BatchOptions options, Path outputDir, BatchProgress progress,
            CancelToken cancel) {
        Job job = new Job(model, options, outputDir, progress == null ? BatchProgress.NONE : progress, cancel == null ? new CancelToken() : cancel);
        return job.run(input);
    }

    /** Rows read from one table, as read (the model's kinds not applied yet): a whole file, or a chunk of one. */
    private record Segment(String file, long firstRow, Frame rows) {
        int size() {
            return rows.rowCount();
        }

        List<String> columns() {
            return rows.names();
        }
    }

    private record MiniBatch(int index, List<Segment> segments) {
        long rows() {
            return segments.stream().mapToLong(Segment::size).sum();
        }
    }

    /** Predictions for rows [from, to) of a segment. */
    private record Scored(int from, int to, Predictions predictions) {
    }

    private record RowError(int row, String message) {
    }

    private static final class Job {
        final Model model;
        final BatchOptions options;
        final Path outputDir;
        final Path parts;
        final BatchProgress progress;
        final CancelToken cancel;
        final ModelSignature signature;
        final ExecutorService workers;
        final ExecutorService attempts;
        final Semaphore inFlight;
        final AtomicLong rowsRead = new AtomicLong();
        final AtomicLong rowsScored = new AtomicLong();
        final AtomicLong rowsFailed = new AtomicLong();
        final AtomicLong rowsSkipped = new AtomicLong();
        final AtomicInteger miniBatches = new AtomicInteger();
        final AtomicInteger miniBatchesDone = new AtomicInteger();
        final AtomicInteger miniBatchesFailed = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final List<Future<?>> submitted = new ArrayList<>();
        volatile boolean inputComplete;
        volatile String stopReason;
        volatile boolean thresholdExceeded;
        volatile String idColumn;
        volatile String fatal;
        final long started = System.nanoTime();

        Job(Model model, BatchOptions options, Path outputDir, BatchProgress progress, CancelToken cancel) {
            this.model = model;
            this.options = options;
            this.outputDir = outputDir;
            this.parts = outputDir.resolve("_parts");
            this.progress = progress;
            this.cancel = cancel;
            this.signature = model.signature();
            AtomicInteger n = new AtomicInteger();
            this.workers = Executors.newFixedThreadPool(options.concurrency(), r -> daemon(r, "batch-worker-" + n.incrementAndGet()));
            this.attempts = Executors.newCachedThreadPool(r -> daemon(r, "batch-attempt-" + n.incrementAndGet()));
            this.inFlight = new Semaphore(2 * options.concurrency());
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        }

        BatchResult run(BatchInput input) {
            try {
                Files.createDirectories(parts);
                try {
                    if (input.chunkRows()) {
                        readChunks(input.parts().get(0));
                    } else {
                        readFiles(input.parts());
                    }
                } catch (CeruleanException e) {
                    if (miniBatches.get() == 0) {
                        throw e;
                    }
                    // a file that stopped reading part-way: what was read is scored and kept, the job fails
                    fatal = e.getMessage();
                    stop(e.getMessage());
                }
                inputComplete = true;
                report();
                for (Future<?> f : submitted) {
                    f.get();
                }
                return finish();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CeruleanException(ErrorCode.INTERNAL, "the batch job was interrupted");
            } catch (ExecutionException e) {
                throw new CeruleanException(ErrorCode.INTERNAL, "a batch worker failed: " + e.getCause(), null, List.of(), e.getCause());
            } finally {
                workers.shutdownNow();
                attempts.shutdownNow();
            }
        }

        // --- reading ------------------------------------------------------------------------

        private void checkColumns(String file, List<String> columns) {
            List<String> missing = new ArrayList<>();
            for (ModelSignature.ColumnSpec c : signature.inputs()) {
                if (c.required() && !columns.contains(c.name())) {
                    missing.add(c.name());
                }
            }
            if (!missing.isEmpty()) {
                throw new InvalidParameterException(file + " has no column" + (missing.size() > 1 ? "s " : " ") + "'"
                        + String.join("', '", missing) + "', which the model needs; its columns are " + String.join(", ", columns), "input");
            }
            if (idColumn == null) {
                String wanted = options.idColumn();
                if (wanted != null) {
                    if (!columns.contains(wanted)) {
                        throw new InvalidParameterException("the id column '" + wanted + "' is not in " + file + "; its columns are "
                                + String.join(", ", columns), "id_column");
                    }
                    idColumn = wanted;
                } else {
                    for (String c : columns) {
                        if (c.equalsIgnoreCase("id") && !signature.inputNames().contains(c)) {
                            idColumn = c;
                        }
                    }
                    if (idColumn == null) {
                        idColumn = "";
                    }
                }
            }
        }

        private Chunks open(BatchInput.Part p) {
            return p.frame() != null ? Chunks.of(p.frame())
                    : new TableRows(p.name(), p.source(), new FrameReader.Options(signature.inputKinds(), null, 0).asWritten());
        }

        private void readChunks(BatchInput.Part part) throws InterruptedException {
            try (Chunks rows = open(part)) {
                checkColumns(part.name(), rows.columns());
                long first = 0;
                Frame chunk;
                while ((chunk = rows.next(options.miniBatchRows())) != null) {
                    rowsRead.addAndGet(chunk.rowCount());
                    submit(List.of(new Segment(part.name(), first, chunk)));
                    first += chunk.rowCount();
                    if (stopped()) {
                        long rest = rows.skipRest();
                        rowsRead.addAndGet(rest);
                        rowsSkipped.addAndGet(rest);
                        return;
                    }
                }
            }
        }

        private void readFiles(List<BatchInput.Part> files) throws InterruptedException {
            List<Segment> group = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                BatchInput.Part p = files.get(i);
                try (Chunks rows = open(p)) {
                    if (stopped()) {
                        long n = rows.skipRest();
                        rowsRead.addAndGet(n);
                        rowsSkipped.addAndGet(n);
                        continue;
                    }
                    checkColumns(p.name(), rows.columns());
                    Frame all = rows.next(Integer.MAX_VALUE - 8);
                    if (all != null) {
                        rowsRead.addAndGet(all.rowCount());
                        group.add(new Segment(p.name(), 0, all));
                    }
                }
                if (!group.isEmpty() && (group.size() == options.miniBatchSize() || i == files.size() - 1)) {
                    submit(group);
                    group = new ArrayList<>();
                }
            }
        }

        private void submit(List<Segment> segments) throws InterruptedException {
            MiniBatch mb = new MiniBatch(miniBatches.getAndIncrement(), List.copyOf(segments));
            inFlight.acquire();
            submitted.add(workers.submit(() -> {
                try {
                    process(mb);
                } finally {
                    inFlight.release();
                }
            }));
        }

        private boolean stopped() {
            if (cancel.isCancelled() && stopReason == null) {
                stop("canceled (" + cancel.reason() + ")");
            }
            return stopReason != null;
        }

        private synchronized void stop(String reason) {
            if (stopReason == null) {
                stopReason = reason;
            }
        }

        // --- scoring ------------------------------------------------------------------------

        private void process(MiniBatch mb) {
            if (stopped()) {
                rowsSkipped.addAndGet(mb.rows());
                return;
            }
            List<List<Scored>> scored = new ArrayList<>();
            List<List<RowError>> errors = new ArrayList<>();
            String lastError = null;
            boolean timedOut = false;
            for (int attempt = 0; attempt <= options.maxRetries(); attempt++) {
                if (attempt > 0) {
                    retries.incrementAndGet();
                }
                try {
                    List<Predictions> all = attempt(() -> {
                        List<Predictions> ps = new ArrayList<>();
                        for (Segment s : mb.segments()) {
                            ps.add(score(s, 0, s.size()));
                        }
                        return ps;
                    });
                    for (int i = 0; i < all.size(); i++) {
                        scored.add(List.of(new Scored(0, mb.segments().get(i).size(), all.get(i))));
                        errors.add(List.of());
                    }
                    lastError = null;
                    break;
                } catch (TimeoutException e) {
                    timedOut = true;
                    lastError = "timed out after " + seconds(options.timeout()) + " (retry_settings.timeout)";
                } catch (ExecutionException e) {
                    timedOut = false;
                    lastError = describe(e.getCause());
                    if (isDataError(e.getCause())) {
                        break;
                    }
                }
            }
            if (lastError != null) {
                miniBatchesFailed.incrementAndGet();
                for (Segment s : mb.segments()) {
                    List<Scored> ok = new ArrayList<>();
                    List<RowError> bad = new ArrayList<>();
                    if (timedOut) {
                        // splitting a mini-batch that never answers would only wait longer: every row of it failed
                        for (int r = 0; r < s.size(); r++) {
                            bad.add(new RowError(r, lastError));
                        }
                    } else {
                        isolate(s, 0, s.size(), ok, bad);
                    }
                    scored.add(ok);
                    errors.add(bad);
                }
            }
            write(mb, scored, errors);
            long failed = errors.stream().mapToLong(List::size).sum();
            rowsScored.addAndGet(mb.rows() - failed);
            long totalFailed = rowsFailed.addAndGet(failed);
            miniBatchesDone.incrementAndGet();
            if (options.errorThreshold() >= 0 && totalFailed > options.errorThreshold()) {
                thresholdExceeded = true;
                stop("error_threshold " + options.errorThreshold() + " exceeded: " + totalFailed + " row(s) failed");
            }
            report();
        }

        private static boolean isDataError(Throwable t) {
            return t instanceof CeruleanException ce && ce.code().httpStatus() < 500;
        }

        private static String describe(Throwable t) {
            if (t instanceof CeruleanException) {
                return t.getMessage();
            }
            return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }

        /** Runs one attempt on the attempt pool, waiting at most the timeout. */
        private <T> T attempt(java.util.concurrent.Callable<T> work) throws TimeoutException, ExecutionException {
            Future<T> f = attempts.submit(work);
            try {
                return f.get(options.timeout().toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // the model cannot be interrupted mid-prediction; its thread finishes on its own and the answer is dropped
                f.cancel(true);
                throw e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                f.cancel(true);
                throw new ExecutionException(e);
            }
        }

        /** Scores rows [from, to) of a segment: the model's kinds applied, then predicted. */
        private Predictions score(Segment s, int from, int to) {
            Frame part = from == 0 && to == s.size() ? s.rows() : s.rows().take(Chunks.range(from, to));
            Map<String, ColumnKind> kinds = new HashMap<>();
            for (ModelSignature.ColumnSpec c : signature.inputs()) {
                if (part.has(c.name()) && part.column(c.name()).kind() != c.kind()) {
                    kinds.put(c.name(), c.kind());
                }
            }
            // a value that does not fit its column fails here, naming column and row, and is isolated like any failure
            return model.predict(kinds.isEmpty() ? part : part.withKinds(kinds));
        }

        /** Finds the failing rows of [from, to) by halving; the rest get their predictions. */
        private void isolate(Segment s, int from, int to, List<Scored> ok, List<RowError> bad) {
            try {
                Predictions p = attempt(() -> score(s, from, to));
                ok.add(new Scored(from, to, p));
            } catch (TimeoutException e) {
                for (int r = from; r < to; r++) {
                    bad.add(new RowError(r, "timed out after " + seconds(options.timeout()) + " (retry_settings.timeout)"));
                }
            } catch (ExecutionException e) {
                if (to - from == 1) {
                    bad.add(new RowError(from, localRow(describe(e.getCause()))));
                } else {
                    int mid = (from + to) >>> 1;
                    isolate(s, from, mid, ok, bad);
                    isolate(s, mid, to, ok, bad);
                }
            }
        }

        /** A one-row frame's errors say "row 0"; the output names the row itself, so the index is dropped. */
        private static String localRow(String message) {
            return message.replace(" row 0: ", ": ");
        }

        // --- output -------------------------------------------------------------------------

        private List<String> header(boolean errors) {
            List<String> h = new ArrayList<>(List.of("file", "row"));
            if (!idColumn.isEmpty()) {
                h.add(idColumn);
            }
            if (errors) {
                h.add("error");
            } else {
                h.add(Predictions.PREDICTION);
                for (String c : model.classes()) {
                    h.add(Predictions.PROBABILITY_PREFIX + c);
                }
            }
            return h;
        }

        private void write(MiniBatch mb, List<List<Scored>> scored, List<List<RowError>> errors) {
            try {
                if (options.writeRows()) {
                    try (BufferedWriter w = Files.newBufferedWriter(parts.resolve(mb.index() + ".csv"), StandardCharsets.UTF_8)) {
                        StringBuilder sb = new StringBuilder(128);
                        for (int i = 0; i < mb.segments().size(); i++) {
                            Segment s = mb.segments().get(i);
                            int id = idColumn.isEmpty() ? -1 : s.columns().indexOf(idColumn);
                            List<Scored> ranges = new ArrayList<>(scored.get(i));
                            ranges.sort(Comparator.comparingInt(Scored::from));
                            for (Scored sc : ranges) {
                                Predictions p = sc.predictions();
                                for (int r = sc.from(); r < sc.to(); r++) {
                                    sb.setLength(0);
                                    prefix(sb, s, r, id);
                                    int k = r - sc.from();
                                    if (p.task().isClassification()) {
                                        sb.append(csv(p.label(k)));
                                        for (int c = 0; c < p.classes().size(); c++) {
                                            sb.append(',').append(p.probability(k, c));
                                        }
                                    } else {
                                        sb.append(p.value(k));
                                    }
                                    sb.append('\n');
                                    w.write(sb.toString());
                                }
                            }
                        }
                    }
                }
                boolean any = errors.stream().anyMatch(e -> !e.isEmpty());
                if (any) {
                    try (BufferedWriter w = Files.newBufferedWriter(parts.resolve(mb.index() + ".err.csv"), StandardCharsets.UTF_8)) {
                        StringBuilder sb = new StringBuilder(128);
                        for (int i = 0; i < mb.segments().size(); i++) {
                            Segment s = mb.segments().get(i);
                            int id = idColumn.isEmpty() ? -1 : s.columns().indexOf(idColumn);
                            List<RowError> es = new ArrayList<>(errors.get(i));
                            es.sort(Comparator.comparingInt(RowError::row));
                            for (RowError e : es) {
                                sb.setLength(0);
                                prefix(sb, s, e.row(), id);
                                sb.append(csv(e.message())).append('\n');
                                w.write(sb.toString());
                            }
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the output of mini-batch " + mb.index(), e);
            }
        }

        private static void prefix(StringBuilder sb, Segment s, int r, int idIndex) {
            sb.append(csv(s.file())).append(',').append(s.firstRow() + r).append(',');
            if (idIndex >= 0) {
                FrameColumn c = s.rows().columns().get(idIndex);
                Object v = c.isMissing(r) ? null : c instanceof NumericColumn n && n.integral() ? (Object) (long) n.value(r) : c.get(r);
                sb.append(v == null ? "" : csv(v.toString())).append(',');
            }
        }

        static String csv(String v) {
            if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                return '"' + v.replace("\"", "\"\"") + '"';
            }
            return v;
        }

        private synchronized void report() {
            progress.update(new BatchProgress.Snapshot(rowsRead.get(), inputComplete, rowsScored.get(), rowsFailed.get(), miniBatches.get(),
                    miniBatchesDone.get(), retries.get()));
        }

        private BatchResult finish() throws IOException {
            if (idColumn == null) {
                idColumn = "";
            }
            int n = miniBatches.get();
            Path predictions = null;
            // no file at all rather than a header alone: a folder whose only table has no rows cannot be registered as data
            if (options.writeRows() && rowsScored.get() > 0) {
                predictions = outputDir.resolve(options.outputFileName());
                concat(predictions, header(false), n, ".csv");
            }
            Path errors = null;
            if (rowsFailed.get() > 0) {
                errors = outputDir.resolve(ERRORS_FILE);
                concat(errors, header(true), n, ".err.csv");
            }
            try (Stream<Path> s = Files.list(parts)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    Files.delete(p);
                }
            }
            Files.delete(parts);
            BatchResult.Outcome outcome = fatal != null || thresholdExceeded ? BatchResult.Outcome.FAILED
                    : stopReason != null ? BatchResult.Outcome.CANCELED : BatchResult.Outcome.COMPLETED;
            long in = rowsRead.get();
            String message = message(outcome, in);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            Path summary = outputDir.resolve(SUMMARY_FILE);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
            m.put("message", message);
            m.put("rows_in", in);
            m.put("rows_scored", rowsScored.get());
            m.put("rows_failed", rowsFailed.get());
            m.put("rows_skipped", rowsSkipped.get());
            m.put("mini_batches", n);
            m.put("mini_batches_failed", miniBatchesFailed.get());
            m.put("retries", retries.get());
            m.put("error_threshold", options.errorThreshold());
            m.put("predictions_file", predictions == null ? null : predictions.getFileName().toString());
            m.put("errors_file", errors == null ? null : errors.getFileName().toString());
            m.put("id_column", idColumn.isEmpty() ? null : idColumn);
            m.put("elapsed_seconds", elapsed.toMillis() / 1000.0);
            Files.writeString(summary, JSON.writeValueAsString(m));
            report();
            return new BatchResult(outcome, in, rowsScored.get(), rowsFailed.get(), rowsSkipped.get(), n, miniBatchesFailed.get(),
                    retries.get(), message, predictions, errors, summary, elapsed);
        }

        private String message(BatchResult.Outcome outcome, long in) {
            String counts = in + " row(s) in: " + rowsScored.get() + " scored, " + rowsFailed.get() + " failed, " + rowsSkipped.get()
                    + " not attempted";
            return switch (outcome) {
                case COMPLETED -> "completed; " + counts;
                case CANCELED -> stopReason + "; " + counts + "; the rows scored before are in the output";
                case FAILED -> "failed: " + (fatal != null ? fatal : stopReason) + "; " + counts
                        + "; the rows scored before are in the output";
            };
        }

        private void concat(Path target, List<String> header, int n, String suffix) throws IOException {
            try (OutputStream out = Files.newOutputStream(target)) {
                out.write((String.join(",", header.stream().map(Job::csv).toList()) + "\n").getBytes(StandardCharsets.UTF_8));
                for (int i = 0; i < n; i++) {
                    Path p = parts.resolve(i + suffix);
                    if (Files.exists(p)) {
                        Files.copy(p, out);
                    }
                }
            }
        }
    }
}
