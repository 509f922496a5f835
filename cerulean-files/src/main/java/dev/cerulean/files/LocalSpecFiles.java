package dev.cerulean.files;

import dev.cerulean.core.spec.SpecFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of this machine, as the spec parser sees them (the CLI's, or the server's own paths). */
public final class LocalSpecFiles implements SpecFiles {
    public static final LocalSpecFiles INSTANCE = new LocalSpecFiles();

    private LocalSpecFiles() {
    }

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
