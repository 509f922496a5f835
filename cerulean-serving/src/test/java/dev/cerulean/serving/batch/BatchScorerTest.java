package dev.cerulean.serving.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CancelToken;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.frame.FrameReader;
import dev.cerulean.ml.learn.Task;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.ModelSignature;
import dev.cerulean.ml.model.Predictions;
import dev.cerulean.serving.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BatchScorerTest {
    @TempDir
    Path dir;

    static final Model MODEL = TestModels.classifier();

    /** Writes n rows of income data as CSV; rows in {@code bad} get the text "old" as their age. */
    Path csv(String name, int n, long seed, boolean withId, Predicate<Integer> bad) throws IOException {
        Frame f = TestModels.incomeData(n, seed);
        StringBuilder sb = new StringBuilder(withId ? "id,age,hours,workclass,income\n" : "age,hours,workclass,income\n");
        for (int i = 0; i < n; i++) {
            if (withId) {
                sb.append("r").append(i).append(',');
            }
            Object age = bad.test(i) ? "old" : ((Number) f.column("age").get(i)).longValue();
            sb.append(age).append(',').append(f.column("hours").get(i)).append(',').append(f.column("workclass").get(i)).append(',')
                    .append(f.column("income").get(i)).append('\n');
        }
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, sb);
        return p;
    }

    static BatchOptions options(int rows, int concurrency, long threshold, int retries, Duration timeout) {
        return new BatchOptions(2, rows, concurrency, true, "predictions.csv", threshold, retries, timeout, null);
    }

    static List<String> lines(Path p) throws IOException {
        return Files.readAllLines(p);
    }

    @Test
    void scoresATableInParallelMiniBatchesKeepingRowOrderAndTheLibrarysPredictions() throws IOException {
        Path in = csv("adult.csv", 250, 3, false, i -> false);
        List<BatchProgress.Snapshot> seen = new ArrayList<>();

        BatchResult r = BatchScorer.run(BatchInput.table("adult.csv", TableSource.of(in)), MODEL, options(40, 3, -1, 3, Duration.ofSeconds(30)),
                dir.resolve("out"), seen::add, null);

        assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
        assertThat(r.rowsIn()).isEqualTo(250);
        assertThat(r.rowsScored()).isEqualTo(250);
        assertThat(r.miniBatches()).isEqualTo(7);
        assertThat(r.errors()).isNull();
        List<String> out = lines(r.predictions());
        assertThat(out.get(0)).isEqualTo("file,row,prediction,probability_<=50K,probability_>50K");
        assertThat(out).hasSize(251);
        Predictions expected = MODEL.predict(FrameReader.read(TableSource.of(in)));
        for (int i = 0; i < 250; i++) {
            String[] cells = out.get(i + 1).split(",");
            assertThat(cells[0]).isEqualTo("adult.csv");
            assertThat(Integer.parseInt(cells[1])).isEqualTo(i);
            assertThat(cells[2]).isEqualTo(expected.label(i));
            assertThat(Double.parseDouble(cells[4])).isEqualTo(expected.probability(i, 1));
        }
        assertThat(seen.get(seen.size() - 1)).satisfies(s -> {
            assertThat(s.inputComplete()).isTrue();
            assertThat(s.rowsScored()).isEqualTo(250);
            assertThat(s.miniBatchesDone()).isEqualTo(7);
        });
        JsonNode summary = new ObjectMapper().readTree(r.summary().toFile());
        assertThat(summary.get("rows_in").asLong()).isEqualTo(250);
        assertThat(summary.get("outcome").asText()).isEqualTo("completed");
        assertThat(Files.exists(dir.resolve("out/_parts"))).isFalse();
    }

    @Test
    void aStringColumnThatHoldsOnlyTrueAndFalseInTheBatchReachesTheModelAsWritten() throws IOException {
        // The model learnt "plan" as strings (True, False, Maybe); a batch file with only True/False must not
        // turn them into the booleans true/false, levels the model never saw.
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        StringBuilder train = new StringBuilder("x,plan,y\n");
        String[] plans = {"True", "False", "Maybe"};
        for (int i = 0; i < 300; i++) {
            double x = rnd.nextDouble() * 2 - 1;
            String plan = plans[i % 3];
            String y = plan.equals("True") || plan.equals("Maybe") && x > 0 ? "up" : "down";
            train.append(x).append(',').append(plan).append(',').append(y).append('\n');
        }
        Path trainCsv = dir.resolve("plans.csv");
        Files.writeString(trainCsv, train);
        Model model = dev.cerulean.ml.train.Training.train(dev.cerulean.ml.train.TrainSpec.builder().source(TableSource.of(trainCsv))
                .target("y").algorithm("lightgbm").seed(1).cvFolds(0).threads(1).build()).model();
        StringBuilder score = new StringBuilder("x,plan\n");
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String plan = i % 2 == 0 ? "True" : "False";
            score.append(rnd.nextDouble() * 2 - 1).append(',').append(plan).append('\n');
            expected.add(plan.equals("True") ? "up" : "down");
        }
        Path in = dir.resolve("score.csv");
        Files.writeString(in, score);

        BatchResult r = BatchScorer.run(BatchInput.table("score.csv", TableSource.of(in)), model, options(16, 1, -1, 0, Duration.ofSeconds(30)),
                dir.resolve("out"), null, null);

        assertThat(r.rowsScored()).isEqualTo(40);
        assertThat(lines(r.predictions()).subList(1, 41)).extracting(l -> l.split(",")[2]).isEqualTo(expected);
    }

    @Test
    void anIdColumnTheModelDoesNotTakeIdentifiesRows() throws IOException {
        Path in = csv("with-id.csv", 5, 4, true, i -> false);

        BatchResult r = BatchScorer.run(BatchInput.table("with-id.csv", TableSource.of(in)), MODEL, options(2, 1, -1, 0,
                Duration.ofSeconds(30)), dir.resolve("out"), null, null);

        assertThat(lines(r.predictions()).get(0)).startsWith("file,row,id,prediction");
        assertThat(lines(r.predictions()).get(3)).startsWith("with-id.csv,2,r2,");
    }

    @Test
    void anInputWithoutAModelColumnOrTheNamedIdColumnIsRefusedBeforeScoring() throws IOException {
        Path in = dir.resolve("short.csv");
        Files.writeString(in, "age,workclass\n30,self\n");

        assertThatThrownBy(() -> BatchScorer.run(BatchInput.table("short.csv", TableSource.of(in)), MODEL, options(10, 1, -1, 0,
                Duration.ofSeconds(30)), dir.resolve("out"), null, null))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("no column 'hours'");
        Path ok = csv("ok.csv", 3, 1, false, i -> false);
        BatchOptions named = new BatchOptions(2, 10, 1, true, "p.csv", -1, 0, Duration.ofSeconds(30), "customer");
        assertThatThrownBy(() -> BatchScorer.run(BatchInput.table("ok.csv", TableSource.of(ok)), MODEL, named, dir.resolve("out2"), null, null))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("id column 'customer'");
    }

    @Test
    void failingRowsAreIsolatedWrittenWithTheirErrorAndCountedWithoutRetrying() throws IOException {
        Path in = csv("dirty.csv", 100, 5, false, i -> i == 3 || i == 50 || i == 51);

        BatchResult r = BatchScorer.run(BatchInput.table("dirty.csv", TableSource.of(in)), MODEL, options(30, 2, -1, 3,
                Duration.ofSeconds(30)), dir.resolve("out"), null, null);

        assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
        assertThat(r.rowsScored()).isEqualTo(97);
        assertThat(r.rowsFailed()).isEqualTo(3);
        assertThat(r.retries()).isZero();
        assertThat(r.miniBatchesFailed()).isEqualTo(2);
        assertThat(lines(r.predictions())).hasSize(98).noneMatch(l -> l.startsWith("dirty.csv,3,") || l.startsWith("dirty.csv,50,"));
        List<String> errors = lines(r.errors());
        assertThat(errors.get(0)).isEqualTo("file,row,error");
        assertThat(errors.subList(1, 4)).extracting(l -> l.split(",")[1]).containsExactly("3", "50", "51");
        assertThat(errors.get(1)).contains("column 'age'").contains("'old' is not a number");
    }

    @Test
    void exceedingTheErrorThresholdFailsTheJobButKeepsWhatWasScoredAndAccountsForEveryRow() throws IOException {
        Path in = csv("dirty.csv", 200, 6, false, i -> i < 10);

        BatchResult r = BatchScorer.run(BatchInput.table("dirty.csv", TableSource.of(in)), MODEL, options(20, 1, 5, 0,
                Duration.ofSeconds(30)), dir.resolve("out"), null, null);

        assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.FAILED);
        assertThat(r.message()).contains("error_threshold 5 exceeded").contains("10 failed");
        assertThat(r.rowsIn()).isEqualTo(200);
        assertThat(r.rowsFailed()).isEqualTo(10);
        assertThat(r.rowsScored() + r.rowsFailed() + r.rowsSkipped()).isEqualTo(200);
        assertThat(r.rowsSkipped()).isPositive();
        assertThat(lines(r.predictions())).hasSize((int) r.rowsScored() + 1);
    }

    /** Delegates to the classifier, failing the calls a test chooses: by throwing, or by hanging until the scorer gives up on it. */
    static final class Flaky implements Model {
        final AtomicInteger calls = new AtomicInteger();
        final Predicate<Integer> failCall;
        final boolean hangs;

        Flaky(Predicate<Integer> failCall, boolean hangs) {
            this.failCall = failCall;
            this.hangs = hangs;
        }

        @Override
        public Task task() {
            return MODEL.task();
        }

        @Override
        public List<String> classes() {
            return MODEL.classes();
        }

        @Override
        public ModelSignature signature() {
            return MODEL.signature();
        }

        @Override
        public Predictions predict(Frame input) {
            int n = calls.getAndIncrement();
            if (failCall.test(n)) {
                if (hangs) {
                    // a prediction that never ends on its own: the attempt's timeout cancels (interrupts) it
                    try {
                        new CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                } else {
                    throw new IllegalStateException("out of native memory (call " + n + ")");
                }
            }
            return MODEL.predict(input);
        }
    }

    @Test
    void transientFailuresAreRetried() throws IOException {
        Path in = csv("in.csv", 60, 7, false, i -> false);
        Flaky model = new Flaky(n -> n < 2, false);

        BatchResult r = BatchScorer.run(BatchInput.table("in.csv", TableSource.of(in)), model, options(60, 1, 0, 3, Duration.ofSeconds(30)),
                dir.resolve("out"), null, null);

        assertThat(r.outcome()).isEqualTo(BatchResult.Outcome.COMPLETED);
        assertThat(r.retries()).isEqualTo(2);
        assertThat(r.rowsScored()).isEqualTo(60);
        assertThat(r.miniBatchesFailed()).isZero();
    }

    @Test
    void anAttemptThatTimesOutIsRetriedAndOneThatAlwaysDoesFailsItsRows() throws IOException {
        Path in = csv("in.csv", 20, 8, false, i -> false);

        BatchResult once = BatchScorer.run(BatchInput.table("in.csv", TableSource.of(in)), new Flaky(n -> n == 0, true),
                options(20, 1, -1, 1, Duration.ofMillis(300)), dir.resolve("out1"), null, null);
        BatchResult always = BatchScorer.run(BatchInput.table("in.csv", TableSource.of(in)), new Flaky(n -> true, true),
                options(20, 1, -1, 1, Duration.ofMillis(200)), dir.resolve("out2"), null, null);

        assertThat(once.rowsScored()).isEqualTo(20);
        assertThat(once.retries()).isEqualTo(1);
        assertThat(always.rowsFailed()).isEqualTo(20);
        assertThat(always.miniBatchesFailed()).isEqualTo(1);
        assertThat(lines(always.errors()).get(1)).contains("timed out after 200 ms");
    }

    @Test
    void aFolderIsScoredMiniBatchSizeFilesAtATime() throws IOException {
        List<BatchInput.Part> parts = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            Path p = csv("folder/part-" + f + ".csv", 10 + f, f, false, i -> false);
            parts.add(new BatchInput.Part("part-" + f + ".csv", TableSource.of(p)));
        }

        BatchResult r = BatchScorer.run(BatchInput.files(parts), MODEL, options(1000, 2, -1, 0, Duration.ofSeconds(30)), dir.resolve("out"),
                null, null);

        assertThat(r.miniBatches()).isEqualTo(2);
        assertThat(r.rowsScored()).isEqualTo(33);
        List<String> out = lines(r.predictions());
        assertThat(out.get(1)).startsWith("part-0.csv,0,");
        assertThat(out.get(11)).startsWith("part-1.csv,0,");
        assertThat(out.get(33)).startsWith("part-2.csv,11,");
    }

    @Test
    void summaryOnlyWritesNoPredictionsAndACanceledJobSaysWhatItSkipped() throws IOException {
        Path in = csv("in.csv", 100, 9, false, i -> false);
        BatchOptions summaryOnly = new BatchOptions(2, 10, 1, false, "predictions.csv", -1, 0, Duration.ofSeconds(30), null);
        BatchResult s = BatchScorer.run(BatchInput.table("in.csv", TableSource.of(in)), MODEL, summaryOnly, dir.resolve("out1"), null, null);
        assertThat(s.predictions()).isNull();
        assertThat(Files.exists(dir.resolve("out1/predictions.csv"))).isFalse();
        assertThat(s.rowsScored()).isEqualTo(100);

        CancelToken cancel = new CancelToken();
        BatchResult c = BatchScorer.run(BatchInput.table("in.csv", TableSource.of(in)), MODEL, options(10, 1, -1, 0, Duration.ofSeconds(30)),
                dir.resolve("out2"), snap -> {
                    if (snap.miniBatchesDone() == 2) {
                        cancel.cancel("asked by alice");
                    }
                }, cancel);
        assertThat(c.outcome()).isEqualTo(BatchResult.Outcome.CANCELED);
        assertThat(c.message()).contains("asked by alice");
        assertThat(c.rowsIn()).isEqualTo(100);
        assertThat(c.rowsScored() + c.rowsSkipped()).isEqualTo(100);
        assertThat(c.rowsSkipped()).isPositive();
    }
}
