package dev.cerulean.cli;

import dev.cerulean.core.CeruleanException;
import picocli.CommandLine;

/** Runs the {@code cerulean} command line and maps errors to messages and exit codes. */
public final class Main {
    private Main() {
    }

    /** @return the exit code: 0 success, 1 an error reported by Cerulean, 2 a usage error */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new CeruleanCommand());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CeruleanException ce) {
                System.err.println("error: " + ce.getMessage());
                for (String d : ce.details()) {
                    if (!ce.getMessage().contains(d)) {
                        System.err.println("  " + d);
                    }
                }
                return 1;
            }
            if (e instanceof java.io.IOException io) {
                System.err.println("error: " + io.getMessage());
                return 1;
            }
            throw e;
        });
        return cl.execute(args);
    }
}
