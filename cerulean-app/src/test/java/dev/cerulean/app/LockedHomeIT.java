package dev.cerulean.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command on a home another process has open (the embedded database admits one process) says
 * which process holds it and how to reach the workspace through it, instead of a database error.
 */
class LockedHomeIT {
    @TempDir
    Path dir;

    @Test
    void aReadCommandOnAHomeAServerHoldsNamesTheServerAndItsUrl() throws Exception {
        Path home = dir.resolve("home");
        int port = CeruleanProcess.freePort();
        try (CeruleanProcess server = CeruleanProcess.server(dir, "server", List.of(), port, home)) {
            String url = "http://127.0.0.1:" + port;
            assertThat(Files.readString(home.resolve("owner.json"))).contains("\"pid\" : " + server.pid()).contains(url);

            CliIT.Result r = CliIT.cli("--home", home.toString(), "job", "list");

            assertThat(r.code()).as(r.out()).isNotZero();
            assertThat(r.err()).contains("process " + server.pid()).contains("cerulean server --port " + port)
                    .contains("--url " + url).doesNotContain("Connection is not available");
            assertThat(CliIT.cli("--url", url, "job", "list").code()).isZero();
        }
        assertThat(home.resolve("owner.json")).as("a server that stops removes its record").doesNotExist();
        assertThat(CliIT.cli("--home", home.toString(), "job", "list").code()).as("the home is free again").isZero();
    }
}
