package dev.cerulean.bench.serving;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A load generator run as a child process, so that it does not share the server's JVM. It speaks
 * HTTP/1.1 over plain keep-alive sockets, one thread per connection, sending a pre-built request: the
 * JDK's HttpClient costs more CPU per request than the server's cheapest route, which would make the
 * client the thing measured. Two modes:
 * <ul>
 * <li>{@code rate URL BODY_FILE KEY RATE CONNECTIONS WARMUP_S SECONDS}: open loop, as wrk2 does. Request i
 * of the whole run is due at {@code t0 + i/RATE} and goes out on connection {@code i mod CONNECTIONS}; a
 * connection still waiting for an earlier answer sends it late, and its latency still counts from when it
 * was due, so a stall is charged for every request it delays (no coordinated omission).</li>
 * <li>{@code saturate URL BODY_FILE KEY 0 CONNECTIONS WARMUP_S SECONDS}: closed loop, each connection
 * sending its next request as soon as the previous one is answered.</li>
 * </ul>
 * A {@code BODY_FILE} of {@code -} sends a GET with no body. Prints one line: {@code sent ok errors
 * throughput_per_s p50_ms p90_ms p99_ms p999_ms max_ms}; {@link #launch} starts it and reads that line.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        boolean get = args[2].equals("-");
        byte[] body = get ? new byte[0] : Files.readAllBytes(Path.of(args[2]));
        String key = args[3];
        double rate = Double.parseDouble(args[4]);
        int connections = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);
        int seconds = Integer.parseInt(args[7]);
        String head = (get ? "GET " : "POST ") + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n"
                + (get ? "" : "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n")
                + (key.equals("-") ? "" : "Authorization: Bearer " + key + "\r\n") + "\r\n";
        byte[] request = concat(head.getBytes(StandardCharsets.US_ASCII), body);
        Result r = run(uri, request, mode.equals("rate") ? rate : 0, connections, warmup, seconds);
        System.out.println(r.line());
        System.exit(0);
    }

    /**
     * Runs the load generator in a JVM of its own; returns sent, ok, errors, throughput, p50, p90, p99, p99.9, max.
     *
     * @param mode  {@code rate} (open loop at {@code rate} requests/s) or {@code saturate} (closed loop)
     * @param body  the POST body, or null for a GET
     * @param key   the endpoint key, or null for none
     */
    static double[] launch(String mode, String url, Path body, String key, double rate, int connections, int warmupSeconds,
            int seconds) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                LoadGenerator.class.getName(), mode, url, body == null ? "-" : body.toString(), key == null ? "-" : key,
                Double.toString(rate), Integer.toString(connections), Integer.toString(warmupSeconds), Integer.toString(seconds));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            line = r.readLine();
        }
        if (p.waitFor() != 0 || line == null) {
            throw new IllegalStateException("the load generator failed: " + line);
        }
        System.err.println(mode + " " + url + ": " + line);
        return Arrays.stream(line.strip().split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    record Result(long sent, long ok, long errors, double throughput, long[] nanos) {
        String line() {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return String.format(Locale.ROOT, "%d %d %d %.1f %.3f %.3f %.3f %.3f %.3f", sent, ok, errors, throughput, q(s, 0.5), q(s, 0.9),
                    q(s, 0.99), q(s, 0.999), s.length == 0 ? Double.NaN : s[s.length - 1] / 1e6);
        }

        static double q(long[] sorted, double q) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
            return sorted[Math.max(0, i)] / 1e6;
        }
    }

    /** One keep-alive connection. */
    private static final class Connection {
        private final URI uri;
        private Socket socket;
        private OutputStream out;
        private InputStream in;

        Connection(URI uri) {
            this.uri = uri;
        }

        /** Sends the request and reads the whole answer; returns the status, or -1 when the connection failed. */
        int exchange(byte[] request) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    if (socket == null) {
                        socket = new Socket();
                        socket.setTcpNoDelay(true);
                        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
                        socket.setSoTimeout(60_000);
                        out = socket.getOutputStream();
                        in = new BufferedInputStream(socket.getInputStream(), 16_384);
                    }
                    out.write(request);
                    out.flush();
                    return readResponse();
                } catch (IOException e) {
                    close();
                }
            }
            return -1;
        }

        private int readResponse() throws IOException {
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            String h;
            while (!(h = line()).isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).strip());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closeAfter = true;
                }
            }
            if (chunked) {
                while (true) {
                    String size = line();
                    int semi = size.indexOf(';');
                    long n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).strip(), 16);
                    if (n == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        break;
                    }
                    skip(n);
                    line();
                }
            } else if (length > 0) {
                skip(length);
            }
            if (closeAfter) {
                close();
            }
            return code;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int len = sb.length();
                    return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
                }
                sb.append((char) c);
            }
            throw new IOException("connection closed");
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() == -1) {
                        throw new IOException("connection closed");
                    }
                    s = 1;
                }
                left -= s;
            }
        }

        void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // reconnecting anyway
                }
            }
            socket = null;
        }
    }

    /** @param rate requests per second over all connections, or 0 for closed loop */
    private static Result run(URI uri, byte[] request, double rate, int connections, int warmup, int seconds) throws InterruptedException {
        long start = System.nanoTime() + 100_000_000;
        long measureFrom = start + TimeUnit.SECONDS.toNanos(warmup);
        long end = measureFrom + TimeUnit.SECONDS.toNanos(seconds);
        long period = rate > 0 ? (long) (1e9 / rate) : 0;
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        long[][] perThread = new long[connections][];
        int[] counts = new int[connections];
        Thread[] threads = new Thread[connections];
        for (int c = 0; c < connections; c++) {
            int id = c;
            perThread[c] = new long[1 << 14];
            threads[c] = new Thread(() -> {
                Connection conn = new Connection(uri);
                for (long i = 0;; i++) {
                    long due;
                    if (period > 0) {
                        due = start + (i * connections + id) * period;
                        if (due >= end) {
                            break;
                        }
                        long wait;
                        while ((wait = due - System.nanoTime()) > 0) {
                            LockSupport.parkNanos(Math.min(wait, 100_000));
                        }
                    } else {
                        due = System.nanoTime();
                        if (due >= end) {
                            break;
                        }
                    }
                    int status = conn.exchange(request);
                    long done = System.nanoTime();
                    if (due >= measureFrom) {
                        sent.incrementAndGet();
                        if (status == 200) {
                            ok.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                        }
                        if (counts[id] == perThread[id].length) {
                            perThread[id] = Arrays.copyOf(perThread[id], perThread[id].length * 2);
                        }
                        perThread[id][counts[id]++] = done - due;
                    }
                }
                conn.close();
            }, "load-" + c);
            threads[c].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        int n = 0;
        for (int c : counts) {
            n += c;
        }
        long[] all = new long[n];
        int k = 0;
        for (int c = 0; c < connections; c++) {
            System.arraycopy(perThread[c], 0, all, k, counts[c]);
            k += counts[c];
        }
        return new Result(sent.get(), ok.get(), errors.get(), ok.get() / (double) seconds, all);
    }
}
