package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.InvalidParameterException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Downloads folders of the artifact store. */
final class Downloads {
    private Downloads() {
    }

    /**
     * Downloads every file under an artifact folder into a local folder, keeping relative paths;
     * prints each file written (unless the output is JSON).
     *
     * @return the number of files
     */
    static int folder(CeruleanClient client, String remote, Path dir, Output out) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<String> files = client.tracking().artifactFiles(remote);
        for (String f : files) {
            Path target = root.resolve(f).normalize();
            if (!target.startsWith(root)) {
                throw new InvalidParameterException("refusing to write '" + f + "' outside " + root, "to");
            }
            client.tracking().downloadArtifact(remote + "/" + f, target);
            if (!out.isJson()) {
                out.line(target.toString());
            }
        }
        return files.size();
    }
}
