package dev.cerulean.bench;

import dev.cerulean.ml.data.DuckTables;
import dev.cerulean.ml.data.Profiler;
import dev.cerulean.ml.data.TableProfile;
import dev.cerulean.ml.data.TableSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Locale;

/**
 * Profiling a table against its floor: the time DuckDB takes just to load the same file into a
 * table. Profiling reads the file once, so its cost over the floor is the statistics themselves.
 */
public final class ProfileBenchmark {
    private ProfileBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "samples/data/adult.csv");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        TableSource source = TableSource.of(file);

        long t0 = System.nanoTime();
        TableProfile first = Profiler.profile(source);
        double cold = (System.nanoTime() - t0) / 1e6;
        for (int i = 0; i < 2; i++) {
            Profiler.profile(source);
            load(source);
        }
        double[] profile = new double[runs];
        double[] floor = new double[runs];
        for (int i = 0; i < runs; i++) {
            long a = System.nanoTime();
            load(source);
            floor[i] = (System.nanoTime() - a) / 1e6;
            long b = System.nanoTime();
            Profiler.profile(source);
            profile[i] = (System.nanoTime() - b) / 1e6;
        }
        double ratio = Report.median(profile) / Report.median(floor);
        String md = "## Data profiling\n\n"
                + "Machine: " + Report.machine() + "  \n"
                + "Command: `bench/run profile` (" + file + ", " + first.rowCount() + " rows × " + first.columns().size()
                + " columns, " + runs + " runs after 2 warm-up runs)\n\n"
                + "| measure | median | p95 |\n|---|---|---|\n"
                + "| floor: DuckDB loads the file into a table | " + Report.ms(Report.median(floor)) + " | "
                + Report.ms(Report.quantile(floor, 0.95)) + " |\n"
                + "| Cerulean profile (load + statistics of every column + correlations) | " + Report.ms(Report.median(profile))
                + " | " + Report.ms(Report.quantile(profile, 0.95)) + " |\n"
                + "| first profile in a fresh JVM (loads DuckDB's native library) | " + Report.ms(cold) + " | |\n\n"
                + String.format(Locale.ROOT, "Ratio profile / floor: **%.2f×**. Target: profiling Adult well under 2 s.%n", ratio);
        Report.write("profile", md);
    }

    private static void load(TableSource source) throws Exception {
        try (Connection c = DuckTables.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TEMP TABLE t AS " + DuckTables.selectSql(source));
            try (ResultSet r = st.executeQuery("SELECT count(*) FROM t")) {
                r.next();
            }
        }
    }
}
