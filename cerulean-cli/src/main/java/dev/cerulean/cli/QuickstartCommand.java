package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cerulean quickstart}: the first thing to run. Registers the sample data that ships with
 * Cerulean in the workspace and prints their profiles.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true,
        description = "Start a workspace, register the sample datasets and profile them.")
public final class QuickstartCommand extends ClientCommand {
    @Option(names = "--samples", paramLabel = "DIR",
            description = "Folder of sample CSV files (default: $CERULEAN_SAMPLES, else samples/data of this Cerulean).")
    Path samples;

    @Override
    protected int run(CeruleanClient client, Output out) throws IOException {
        Path dir = samplesDir();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv"))
                    .sorted(Comparator.comparing((Path p) -> !p.getFileName().toString().equals("adult.csv"))
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new CeruleanException(ErrorCode.NOT_FOUND, "no sample CSV files in " + dir);
        }
        JsonNode ws = client.workspace();
        out.line("Cerulean workspace at " + ws.get("home").asText() + " (" + client.base() + ")");
        out.line("");
        out.line("1. Registering " + files.size() + " sample datasets from " + dir);
        List<String> names = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (Path f : files) {
            JsonNode a = register(client, f);
            names.add(a.get("name").asText() + ":" + a.get("version").asText());
            rows.add(List.of(a.get("name").asText(), a.get("version").asText(), Output.bytes(a.get("size_bytes").asLong()),
                    Integer.toString(a.path("schema").size()), a.get("content_hash").asText().substring(0, 19) + "…"));
        }
        out.table(List.of("DATA ASSET", "VERSION", "SIZE", "COLUMNS", "CONTENT HASH"), rows);
        out.line("");
        out.line("2. Profiles (computed with DuckDB, stored with each version)");
        for (String ref : names) {
            String[] nv = Specs.nameAndVersion(ref);
            out.line("");
            ProfileTable.print(ref, client.profile(nv[0], nv[1]), out);
        }
        out.line("");
        out.line("Next:");
        out.line("  ./cerulean data list                      # the registered data");
        out.line("  ./cerulean data show adult                # one version, its schema and hash");
        out.line("  ./cerulean data profile adult -o json     # the full profile for scripts");
        out.line("  ./cerulean data download adult --to out/  # get the exact bytes back");
        out.line("  ./cerulean server                         # serve the workspace at " + Session.DEFAULT_URL);
        return 0;
    }

    /** Registers a sample as version 1, or as the next version if version 1 holds other content. */
    private static JsonNode register(CeruleanClient client, Path file) {
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.csv$", "");
        ObjectNode spec = ApiJson.create().createObjectNode()
                .put("name", stem).put("version", 1).put("type", "uri_file").put("path", file.toAbsolutePath().toString())
                .put("description", "Sample dataset shipped with Cerulean (" + file.getFileName() + ")");
        spec.putObject("tags").put("source", "cerulean-samples");
        try {
            return client.createData(spec, false);
        } catch (CeruleanException e) {
            if (e.code() != ErrorCode.CONFLICT) {
                throw e;
            }
            spec.remove("version");
            return client.createData(spec, false);
        }
    }

    private Path samplesDir() {
        if (samples != null) {
            return samples.toAbsolutePath().normalize();
        }
        String env = System.getenv("CERULEAN_SAMPLES");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("samples", "data").toAbsolutePath();
        if (Files.isDirectory(cwd)) {
            return cwd;
        }
        try {
            // The jar lives in <checkout>/cerulean-app/target/: the samples are two levels up.
            Path jar = Path.of(QuickstartCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            for (Path p = jar.getParent(); p != null; p = p.getParent()) {
                if (Files.isDirectory(p.resolve("samples").resolve("data"))) {
                    return p.resolve("samples").resolve("data");
                }
            }
        } catch (URISyntaxException | RuntimeException e) {
            // fall through to the error
        }
        throw new CeruleanException(ErrorCode.NOT_FOUND, "cannot find the sample data: pass --samples DIR or set CERULEAN_SAMPLES");
    }
}
