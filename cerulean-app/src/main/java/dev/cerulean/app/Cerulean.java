package dev.cerulean.app;

/** {@code java -jar cerulean.jar ...}: the command line. */
public final class Cerulean {
    private Cerulean() {
    }

    public static void main(String[] args) {
        // Servers log their progress; one-shot commands stay quiet unless something goes wrong.
        if (args.length > 0 && args[0].equals("server") && System.getProperty("cerulean.log.level") == null) {
            System.setProperty("cerulean.log.level", "INFO");
        }
        int code = dev.cerulean.cli.Main.run(args);
        System.exit(code);
    }
}
