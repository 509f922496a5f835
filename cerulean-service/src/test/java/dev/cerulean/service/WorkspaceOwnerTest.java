package dev.cerulean.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkspaceOwnerTest {
    @TempDir
    Path home;

    /** A live process other than this one, to stand for the holder: the JVM that started this test. */
    private static ProcessHandle otherLiveProcess() {
        return ProcessHandle.current().parent().orElseThrow();
    }

    private void record(long pid, String command, Instant since) throws Exception {
        Files.writeString(home.resolve(WorkspaceOwner.FILE), "{\"pid\": " + pid + ", \"url\": \"http://127.0.0.1:41234\""
                + (command == null ? "" : ", \"command\": \"" + command + "\"") + ", \"since\": \"" + since + "\"}");
    }

    @Test
    void aClaimRecordsThisProcessAndItsUrlAndAReleaseRemovesIt() {
        WorkspaceOwner.claim(home, "http://127.0.0.1:5001", Instant.now());
        assertThat(WorkspaceOwner.find(home)).hasValueSatisfying(h -> {
            assertThat(h.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(h.url()).isEqualTo("http://127.0.0.1:5001");
        });
        WorkspaceOwner.release(home);
        assertThat(home.resolve(WorkspaceOwner.FILE)).doesNotExist();
    }

    @Test
    void aCommandHoldingTheHomeIsNamedWithTheUrlItServesMeanwhile() throws Exception {
        ProcessHandle holder = otherLiveProcess();
        record(holder.pid(), "cerulean job create -f job.yml --stream", Instant.now());
        String message = WorkspaceOwner.inUse(home, null).getMessage();
        assertThat(message).contains("process " + holder.pid() + " (cerulean job create -f job.yml --stream)")
                .contains("--url http://127.0.0.1:41234").contains("cerulean server");
    }

    @Test
    void aServerHoldingTheHomeIsNamedAsOne() throws Exception {
        record(otherLiveProcess().pid(), "cerulean server --port 41234", Instant.now());
        assertThat(WorkspaceOwner.inUse(home, null).getMessage()).contains("in use by a Cerulean server")
                .contains("run this command against it with --url http://127.0.0.1:41234");
    }

    @Test
    void aRecordOfADeadProcessOrOfAPidReusedSinceIsIgnored() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").start();
        p.waitFor();
        record(p.pid(), "cerulean server", Instant.now());
        assertThat(WorkspaceOwner.find(home)).isEmpty();

        record(otherLiveProcess().pid(), "cerulean server", Instant.parse("2000-01-01T00:00:00Z"));
        assertThat(WorkspaceOwner.find(home)).as("the live process started long after the record was written").isEmpty();
        assertThat(WorkspaceOwner.inUse(home, null).getMessage()).contains("in use by another process").contains("--url");
    }

    @Test
    void theCommandIsWhatFollowsTheJarOrMainClassWithSecretsMasked() {
        assertThat(WorkspaceOwner.command(List.of("-Xmx1g", "-jar", "/opt/cerulean.jar", "server", "--db",
                "jdbc:postgresql://h/db?user=u&password=secret", "--password", "hunter2")))
                .hasValue("cerulean server --db jdbc:postgresql://h/db?user=u&password=*** --password ***");
        assertThat(WorkspaceOwner.command(List.of("-cp", "a.jar:b.jar", "dev.cerulean.app.Cerulean", "job", "list")))
                .hasValue("cerulean job list");
        assertThat(WorkspaceOwner.command(List.of("-cp", "x", "org.example.Other"))).isEmpty();
    }
}
