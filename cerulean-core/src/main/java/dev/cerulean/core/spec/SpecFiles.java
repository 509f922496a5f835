package dev.cerulean.core.spec;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The files a spec can name, as the parser may see them: the machine's own (the CLI checking a spec
 * where it was written, the server checking paths it can read) or none. The spec layer asks through
 * this and does no I/O of its own.
 */
public interface SpecFiles {
    /** A view with no files at all: specs checked where none of their local paths can be read. */
    SpecFiles NONE = new SpecFiles() {
        @Override
        public boolean exists(Path p) {
            return false;
        }

        @Override
        public boolean isDirectory(Path p) {
            return false;
        }

        @Override
        public boolean isFile(Path p) {
            return false;
        }

        @Override
        public String readText(Path p) throws IOException {
            throw new NoSuchFileException(p.toString());
        }
    };

    boolean exists(Path p);

    boolean isDirectory(Path p);

    /** Whether {@code p} is a regular file. */
    boolean isFile(Path p);

    /**
     * The file's text, read as UTF-8.
     *
     * @throws java.nio.file.NoSuchFileException        when there is no such file
     * @throws java.nio.charset.MalformedInputException when it is not UTF-8 text
     */
    String readText(Path p) throws IOException;
}
