package dev.cerulean.bench.tune;

import dev.cerulean.bench.automl.BenchData;
import dev.cerulean.ml.natives.NativeLibraries;
import dev.cerulean.ml.tune.Distribution;
import dev.cerulean.ml.tune.Expression;
import dev.cerulean.ml.tune.Goal;
import dev.cerulean.ml.tune.History;
import dev.cerulean.ml.tune.SamplingAlgorithm;
import dev.cerulean.ml.tune.Sampler;
import dev.cerulean.ml.tune.SearchSpace;
import dev.cerulean.ml.tune.sampler.Samplers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * Best value found against the number of trials, for the sweep samplers, on Branin, Hartmann-6
 * and a real LightGBM tuning task (5-fold CV RMSE on the concrete table, four hyperparameters).
 * The baseline is random search, run in the same process on the same seeds. Trials run one at a
 * time. Prints a Markdown table and writes it to {@code bench/results/tuning.md}.
 *
 * <p>Run: {@code mvn -B -q -pl cerulean-bench -am compile exec:java -Dexec.skip
 * -Dexec.mainClass=dev.cerulean.bench.tune.TuningBenchmark} ({@code -Dexec.skip} keeps exec:java
 * off the other modules of the reactor; see cerulean-bench/pom.xml) (options: {@code -Dexec.args="--seeds 10
 * --trials 50 --data /path/concrete.csv"}).
 */
public final class TuningBenchmark {
    static final String COMMAND = "mvn -B -q -pl cerulean-bench -am compile exec:java -Dexec.skip -Dexec.mainClass=dev.cerulean.bench.tune.TuningBenchmark";
    private static final int[] CHECKPOINTS = {5, 10, 15, 20, 25, 30, 40, 50};

    private record Problem(String name, String description, SearchSpace space, ToDoubleFunction<Map<String, Object>> objective,
                           Goal goal, List<SamplingAlgorithm> algorithms) {
    }

    /** Best-so-far curves and suggestion times of one algorithm on one problem, one row per seed. */
    private record Runs(double[][] best, double[] suggestMillis) {
    }

    private TuningBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seeds = 10;
        int trials = 50;
        Path data = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[i + 1]);
                case "--trials" -> trials = Integer.parseInt(args[i + 1]);
                case "--data" -> data = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (known: --seeds, --trials, --data)");
            }
        }
        Path root = repositoryRoot();
        // LightGbmCv drives lightgbm4j directly: load its library the way the product does.
        NativeLibraries.lightGbm();
        if (data == null) {
            Path shared = BenchData.dataDir().resolve("concrete.csv");
            data = Files.exists(shared) ? shared : root.resolve("samples/data/concrete.csv");
        }
        List<SamplingAlgorithm> all = List.of(
                new SamplingAlgorithm.Random(OptionalLong.empty(), false),
                new SamplingAlgorithm.Random(OptionalLong.empty(), true),
                new SamplingAlgorithm.Bayesian(OptionalLong.empty(), 0),
                new SamplingAlgorithm.Cfo(OptionalLong.empty(), Map.of()));

        List<Problem> problems = new ArrayList<>();
        Map<String, Expression> branin = new LinkedHashMap<>();
        branin.put("x1", new Distribution.Uniform(-5, 10));
        branin.put("x2", new Distribution.Uniform(0, 15));
        problems.add(new Problem("Branin", "2-D, minimise; global minimum " + TestFunctions.BRANIN_MIN,
                SearchSpace.of(branin), TestFunctions::branin, Goal.MINIMIZE, all));
        Map<String, Expression> hartmann = new LinkedHashMap<>();
        for (int j = 1; j <= 6; j++) {
            hartmann.put("x" + j, new Distribution.Uniform(0, 1));
        }
        problems.add(new Problem("Hartmann-6", "6-D, minimise; global minimum " + TestFunctions.HARTMANN6_MIN,
                SearchSpace.of(hartmann), TestFunctions::hartmann6, Goal.MINIMIZE, all));

        LightGbmCv cv = LightGbmCv.load(data, "compressive_strength", 5, 200);
        Map<String, Expression> gbm = new LinkedHashMap<>();
        gbm.put("learning_rate", new Distribution.LogUniform(Math.log(0.005), Math.log(0.5)));
        gbm.put("num_leaves", new Distribution.QLogUniform(Math.log(2), Math.log(64), 1));
        gbm.put("min_data_in_leaf", new Distribution.QLogUniform(Math.log(2), Math.log(64), 1));
        gbm.put("feature_fraction", new Distribution.Uniform(0.3, 1.0));
        // FLAML's low-cost start for LightGBM: few leaves, default learning rate, all features.
        Map<String, Object> lowCost = Map.of("num_leaves", 4L, "learning_rate", 0.1, "min_data_in_leaf", 20L, "feature_fraction", 1.0);
        problems.add(new Problem("LightGBM on concrete", "minimise " + cv.describe() + "; learning_rate loguniform(ln 0.005, ln 0.5),"
                + " num_leaves qloguniform(ln 2, ln 64, 1), min_data_in_leaf qloguniform(ln 2, ln 64, 1), feature_fraction uniform(0.3, 1);"
                + " LightGBM single-threaded and deterministic, folds fixed",
                SearchSpace.of(gbm), cv::rmse, Goal.MINIMIZE, List.of(
                        new SamplingAlgorithm.Random(OptionalLong.empty(), false),
                        new SamplingAlgorithm.Bayesian(OptionalLong.empty(), 0),
                        new SamplingAlgorithm.Cfo(OptionalLong.empty(), lowCost))));

        StringBuilder md = new StringBuilder();
        md.append("# Tuning benchmark: best value found against trials\n\n");
        md.append(String.format(Locale.ROOT, "Machine: %d cores (`nproc`), Java %s (%s), %s, %s. Date: %s.%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), System.getProperty("java.vm.name"),
                System.getProperty("os.name"), System.getProperty("os.arch"), LocalDate.now()));
        md.append("Command: `").append(COMMAND).append("`\n\n");
        md.append(String.format(Locale.ROOT, "Each cell is the median over %d seeds of the best value after n sequential trials "
                + "(lower is better). Baseline: `random`, run in the same process with the same seeds. `sobol` is `random` with "
                + "`rule: sobol`; `bayesian` is the Gaussian-process sampler with its default Sobol initial design; `cfo` is the "
                + "FLOW2 local search. Target: `bayesian` reaches `random`'s %d-trial best within %d trials. Medians over %d seeds are "
                + "noisy: the quartile rows show the spread across seeds.%n%n", seeds, trials, trials / 2, seeds));
        List<String> summary = new ArrayList<>();
        for (Problem p : problems) {
            System.err.println("running " + p.name + " …");
            Map<String, Runs> runs = new LinkedHashMap<>();
            for (SamplingAlgorithm a : p.algorithms) {
                runs.put(label(a), run(p, a, seeds, trials));
            }
            md.append(section(p, runs, trials, summary));
        }
        md.append("## Summary\n\n| problem | random, best after ").append(trials).append(" | bayesian, best after ").append(trials / 2)
                .append(" | trials bayesian needs to reach random's ").append(trials).append("-trial best | seeds where bayesian@")
                .append(trials / 2).append(" ≤ random@").append(trials).append(" | target met |\n|---|---|---|---|---|---|\n");
        summary.forEach(md::append);
        String text = md.toString();
        System.out.println(text);
        Path out = root.resolve("bench/results/tuning.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, text);
        System.err.println("wrote " + out);
    }

    private static String label(SamplingAlgorithm a) {
        if (a instanceof SamplingAlgorithm.Random r) {
            return r.sobol() ? "sobol" : "random";
        }
        return a.type();
    }

    private static Runs run(Problem p, SamplingAlgorithm algorithm, int seeds, int trials) {
        double[][] best = new double[seeds][trials];
        List<Double> millis = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            Sampler sampler = Samplers.create(algorithm, p.space, 1000L + s);
            SplittableRandom rng = new SplittableRandom(7919L * s + 17);
            History h = History.empty(p.goal);
            double b = p.goal.worst();
            for (int t = 0; t < trials; t++) {
                long t0 = System.nanoTime();
                Map<String, Object> c = sampler.suggest(h, List.of(), rng).orElseThrow();
                millis.add((System.nanoTime() - t0) / 1e6);
                double v = p.objective.applyAsDouble(c);
                b = p.goal.best(b, v);
                best[s][t] = b;
                h = h.with(c, v);
            }
        }
        return new Runs(best, millis.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : 0.5 * (s[m - 1] + s[m]);
    }

    /** The q-quantile, interpolating linearly between order statistics. */
    private static double quantile(double[] v, double q) {
        double[] s = v.clone();
        Arrays.sort(s);
        double pos = q * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    private static double[] medianCurve(double[][] best) {
        int trials = best[0].length;
        double[] out = new double[trials];
        for (int t = 0; t < trials; t++) {
            double[] col = new double[best.length];
            for (int s = 0; s < best.length; s++) {
                col[s] = best[s][t];
            }
            out[t] = median(col);
        }
        return out;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String section(Problem p, Map<String, Runs> runs, int trials, List<String> summary) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(p.name).append("\n\n").append(p.description).append(".\n\n| trials |");
        runs.keySet().forEach(k -> sb.append(' ').append(k).append(" |"));
        sb.append("\n|---|");
        runs.keySet().forEach(k -> sb.append("---|"));
        sb.append('\n');
        Map<String, double[]> curves = new LinkedHashMap<>();
        runs.forEach((k, r) -> curves.put(k, medianCurve(r.best)));
        for (int n : CHECKPOINTS) {
            if (n > trials) {
                continue;
            }
            sb.append("| ").append(n).append(" |");
            curves.values().forEach(c -> sb.append(' ').append(fmt(c[n - 1])).append(" |"));
            sb.append('\n');
        }
        sb.append("| quartiles after ").append(trials).append(" |");
        runs.values().forEach(r -> {
            double[] last = new double[r.best.length];
            for (int s = 0; s < last.length; s++) {
                last[s] = r.best[s][trials - 1];
            }
            sb.append(' ').append(fmt(quantile(last, 0.25))).append(" – ").append(fmt(quantile(last, 0.75))).append(" |");
        });
        sb.append('\n');
        sb.append("| sampler ms per trial (median) |");
        runs.values().forEach(r -> sb.append(' ').append(String.format(Locale.ROOT, "%.1f", median(r.suggestMillis))).append(" |"));
        sb.append("\n\n");

        double[] random = curves.get("random");
        double[] bayes = curves.get("bayesian");
        double target = random[trials - 1];
        int reach = -1;
        for (int t = 0; t < trials; t++) {
            if (bayes[t] <= target) {
                reach = t + 1;
                break;
            }
        }
        int half = trials / 2;
        int wins = 0;
        double[][] rb = runs.get("random").best;
        double[][] bb = runs.get("bayesian").best;
        for (int s = 0; s < rb.length; s++) {
            if (bb[s][half - 1] <= rb[s][trials - 1]) {
                wins++;
            }
        }
        boolean met = reach > 0 && reach <= half;
        sb.append(String.format(Locale.ROOT, "Random search's median best after %d trials is %s; bayesian's median curve reaches it %s.%n%n",
                trials, fmt(target), reach > 0 ? "after " + reach + " trials" : "not within " + trials + " trials"));
        summary.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d/%d | %s |%n", p.name, fmt(target), fmt(bayes[half - 1]),
                reach > 0 ? Integer.toString(reach) : "> " + trials, wins, rb.length, met ? "yes" : "no"));
        return sb.toString();
    }

    /** The repository's root folder: the first folder upwards from here that holds cerulean-bench. */
    private static Path repositoryRoot() throws IOException {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("cerulean-bench"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IOException("run from inside the repository: no cerulean-bench folder above " + Path.of("").toAbsolutePath());
        }
        return p;
    }
}
