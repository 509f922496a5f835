package dev.cerulean.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFilesTest {
    @TempDir
    Path dir;

    private void write(String rel, String text) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    @Test
    void aFolderSnapshotsToItsFilesWithoutVersionControlCachesAndWhatAmlignoreExcludes() throws Exception {
        write("train.py", "print(1)");
        write("src/model.py", "x = 1");
        write(".git/HEAD", "ref");
        write("src/__pycache__/model.cpython-311.pyc", "bytes");
        write("data/big.csv", "a,b");
        write("logs/run.log", "...");
        write(".amlignore", "# local data\ndata/\n/logs\n");
        write(".gitignore", "src/\n");

        assertThat(LocalFiles.walk(dir)).extracting(LocalFiles.Entry::path).containsExactly(".amlignore", ".gitignore", "src/model.py",
                "train.py");
    }

    @Test
    void gitignoreRulesApplyWhenThereIsNoAmlignore() throws Exception {
        write("keep.py", "1");
        write("out/model.bin", "2");
        write(".gitignore", "out\n*.tmp\n");
        write("scratch.tmp", "3");
        assertThat(LocalFiles.walk(dir)).extracting(LocalFiles.Entry::path).containsExactly(".gitignore", "keep.py");
    }

    @Test
    void aLoneFileIsItselfAndItsHashIsItsContentsSha256() throws Exception {
        write("one.txt", "hello");
        assertThat(LocalFiles.walk(dir.resolve("one.txt"))).extracting(LocalFiles.Entry::path).containsExactly("one.txt");
        assertThat(LocalFiles.sha256(dir.resolve("one.txt"))).isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    }

    @Test
    void theSpecParsersViewOfTheseFilesIsTheFileSystems() throws Exception {
        write("a/b.txt", "x");
        LocalSpecFiles files = LocalSpecFiles.INSTANCE;
        assertThat(files.isDirectory(dir.resolve("a"))).isTrue();
        assertThat(files.isFile(dir.resolve("a/b.txt"))).isTrue();
        assertThat(files.exists(dir.resolve("c"))).isFalse();
        assertThat(files.readText(dir.resolve("a/b.txt"))).isEqualTo("x");
    }
}
