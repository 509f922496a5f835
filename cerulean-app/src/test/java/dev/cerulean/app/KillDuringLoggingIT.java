package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed with SIGKILL while clients log batches loses no point whose request was answered
 * 200: the restarted server serves all of them.
 */
class KillDuringLoggingIT {
    @TempDir
    Path home;

    @Test
    void acknowledgedPointsSurviveSigkill() throws Exception {
        int port = CeruleanProcess.freePort();
        String api = "http://127.0.0.1:" + port + "/api/2.0/mlflow/";
        CeruleanProcess server = CeruleanProcess.server(home.resolveSibling(home.getFileName() + "-logs"), "server", List.of(), port, home);
        String run;
        Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
        try {
            run = TrackingReliabilityContract.createRun(api);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> clients = new java.util.ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int client = c;
                Thread t = new Thread(() -> {
                    for (int b = 0; !stop.get(); b++) {
                        int batch = client * 100_000 + b;
                        StringBuilder body = new StringBuilder("{\"run_id\": \"" + run + "\", \"metrics\": [");
                        for (int i = 0; i < 100; i++) {
                            body.append(i == 0 ? "" : ",").append("{\"key\": \"loss\", \"value\": ").append(i).append(", \"timestamp\": ")
                                    .append(batch).append(", \"step\": ").append(batch * 100L + i).append("}");
                        }
                        try {
                            if (Http.send("POST", api + "runs/log-batch", body.append("]}").toString()).status() == 200) {
                                synchronized (acknowledged) {
                                    acknowledged.add(batch);
                                    acknowledged.notifyAll();
                                }
                            }
                        } catch (AssertionError e) {
                            return;
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            // Kill it once clients have had a few hundred batches acknowledged, mid-stream.
            synchronized (acknowledged) {
                while (acknowledged.size() < 300 && clients.stream().anyMatch(Thread::isAlive)) {
                    acknowledged.wait(1000);
                }
            }
            server.kill();
            stop.set(true);
            for (Thread t : clients) {
                t.join(10_000);
            }
        } finally {
            server.kill();
        }
        assertThat(acknowledged).isNotEmpty();

        CeruleanProcess restarted = CeruleanProcess.server(home.resolveSibling(home.getFileName() + "-logs"), "restarted", List.of(), port, home);
        try {
            long points = 0;
            String token = null;
            do {
                String url = api + "metrics/get-history?run_id=" + run + "&metric_key=loss&max_results=25000"
                        + (token == null ? "" : "&page_token=" + token);
                var page = Http.send("GET", url, null).json();
                for (var m : page.path("metrics")) {
                    acknowledged.remove((int) (m.get("step").asLong() / 100));
                    points++;
                }
                token = page.hasNonNull("next_page_token") ? page.get("next_page_token").asText() : null;
            } while (token != null);
            assertThat(acknowledged).as("acknowledged batches missing after restart").isEmpty();
            assertThat(points % 100).as("no partial batch is visible").isZero();
        } finally {
            restarted.kill();
        }
    }
}
