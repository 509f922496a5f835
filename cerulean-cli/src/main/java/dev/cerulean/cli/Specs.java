package dev.cerulean.cli;

import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;

/** Reads spec files on the client side, where relative paths mean something, and prints their warnings. */
final class Specs {
    private Specs() {
    }

    static Spec read(Path file, SpecKind kind, Output out) {
        Spec spec = new SpecParser(LocalSpecFiles.INSTANCE).parse(file, kind);
        for (Problem w : spec.warnings()) {
            out.note("warning: " + w.render());
        }
        return spec;
    }

    /**
     * NAME, NAME:VERSION or NAME@latest, split into name and version text ({@code latest} when absent).
     * A name may itself hold {@code @} or {@code :} (MLflow allows them in model names): a trailing
     * {@code :<number>} or {@code :latest} is the version, else the last {@code @} or {@code :} splits.
     */
    static String[] nameAndVersion(String ref) {
        String r = ref.startsWith("azureml:") ? ref.substring(8) : ref;
        int colon = r.lastIndexOf(':');
        if (colon >= 0 && r.substring(colon + 1).matches("[0-9]+|latest")) {
            return new String[] {r.substring(0, colon), r.substring(colon + 1)};
        }
        int at = r.lastIndexOf('@');
        if (at >= 0) {
            return new String[] {r.substring(0, at), r.substring(at + 1)};
        }
        if (colon >= 0) {
            return new String[] {r.substring(0, colon), r.substring(colon + 1)};
        }
        return new String[] {r, "latest"};
    }
}
