package dev.cerulean.bench.serving;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Closed-loop load with <a href="https://github.com/wg/wrk">wrk</a> when it is installed (Debian's
 * {@code wrk} package), else with {@link LoadGenerator}'s saturate mode: the same figures either way
 * (throughput, p50, p90, p99, errors), so that two routes of one server are measured by one tool under
 * one load.
 *
 * @param connections   connections kept open
 * @param warmupSeconds the unmeasured run before each measured one
 * @param seconds       the measured run
 * @param work          where wrk's scripts are written
 */
record Wrk(int connections, int warmupSeconds, int seconds, Path work) {
    private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern ERRORS = Pattern.compile("Socket errors:.*?(\\d+).*?(\\d+).*?(\\d+).*?(\\d+)");

    /** A measured route: requests/s, latency quantiles in ms, errors. */
    record Figures(double throughput, double p50, double p90, double p99, long errors) {
    }

    /** Whether wrk is on the PATH. */
    static boolean installed() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "wrk"))) {
                return true;
            }
        }
        return false;
    }

    String tool() {
        return installed() ? "wrk 4 (`-t2 -c" + connections + "`)" : "`LoadGenerator` saturate, " + connections + " connections";
    }

    /**
     * Loads a route: a warm-up, then the measured run.
     *
     * @param body the POST body, or null for a GET
     * @param key  the endpoint key, or null
     */
    Figures run(String url, Path body, String key) throws Exception {
        if (!installed()) {
            double[] r = LoadGenerator.launch("saturate", url, body, key, 0, connections, warmupSeconds, seconds);
            return new Figures(r[3], r[4], r[5], r[6], (long) r[2]);
        }
        Path script = work.resolve("wrk-" + Integer.toHexString(url.hashCode()) + ".lua");
        StringBuilder lua = new StringBuilder();
        if (body != null) {
            lua.append("wrk.method = \"POST\"\n").append("local f = io.open(\"").append(body.toAbsolutePath()).append("\", \"rb\")\n")
                    .append("wrk.body = f:read(\"*a\")\nf:close()\n").append("wrk.headers[\"Content-Type\"] = \"application/json\"\n");
        }
        if (key != null) {
            lua.append("wrk.headers[\"Authorization\"] = \"Bearer ").append(key).append("\"\n");
        }
        Files.writeString(script, lua.toString());
        wrk(url, script, warmupSeconds);
        return parse(wrk(url, script, seconds));
    }

    private String wrk(String url, Path script, int duration) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections, "-d" + duration + "s", "--latency", "-s",
                script.toString(), url));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        return out;
    }

    static Figures parse(String out) {
        Matcher rate = RATE.matcher(out);
        if (!rate.find()) {
            throw new IllegalStateException("no Requests/sec in wrk's output: " + out);
        }
        long errors = 0;
        Matcher non2xx = NON_2XX.matcher(out);
        if (non2xx.find()) {
            errors += Long.parseLong(non2xx.group(1));
        }
        Matcher sock = ERRORS.matcher(out);
        if (sock.find()) {
            for (int g = 1; g <= 4; g++) {
                errors += Long.parseLong(sock.group(g));
            }
        }
        return new Figures(Double.parseDouble(rate.group(1)), quantile(out, "50%"), quantile(out, "90%"), quantile(out, "99%"), errors);
    }

    /** A line of wrk's latency distribution ({@code 99%  1.23ms}) in milliseconds. */
    private static double quantile(String out, String q) {
        Matcher m = Pattern.compile("^\\s+" + Pattern.quote(q) + "\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE).matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
