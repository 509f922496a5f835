package dev.cerulean.core.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** This machine's files, for tests of the spec layer (which does no I/O of its own). */
final class TestFiles implements SpecFiles {
    static final TestFiles LOCAL = new TestFiles();

    @Override
    public boolean exists(Path p) {
        return Files.exists(p);
    }

    @Override
    public boolean isDirectory(Path p) {
        return Files.isDirectory(p);
    }

    @Override
    public boolean isFile(Path p) {
        return Files.isRegularFile(p);
    }

    @Override
    public String readText(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
