package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Shapes;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean data ...}: versioned data assets. */
@Command(name = "data", mixinStandardHelpOptions = true, description = "Register, list, show, profile and download data assets.",
        subcommands = {DataCommand.Create.class, DataCommand.ListCmd.class, DataCommand.Show.class, DataCommand.Versions.class,
                DataCommand.Profile.class, DataCommand.Download.class})
public final class DataCommand {

    @Command(name = "create", description = "Register a data asset version from a YAML file or from options.")
    static final class Create extends ClientCommand {
        // Not the standard help mixin: its --version would clash with the asset's --version.
        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
        boolean help;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Azure ML data YAML (name, version, type, path, description, tags).")
        Path file;
        @Option(names = "--name", description = "Asset name.")
        String name;
        @Option(names = "--version", description = "Version to create (default: the next one).")
        String version;
        @Option(names = "--path", paramLabel = "PATH", description = "File or folder: local path, file: URI or azureml://datastores/<name>/paths/<path>.")
        String path;
        @Option(names = "--type", description = "uri_file, uri_folder or mltable (default: uri_file for a file, uri_folder for a folder).")
        String type;
        @Option(names = "--description", description = "Description.")
        String description;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();
        @Option(names = "--reference", description = "Point at the data where it is instead of copying it into the workspace.")
        boolean reference;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Spec spec = file != null ? Specs.read(file, SpecKind.DATA, out) : fromOptions(client);
            ObjectNode body = spec.body();
            if (file != null) {
                override(body);
            }
            JsonNode asset = client.createData(body, reference);
            if (out.isJson()) {
                out.json(asset);
            } else {
                out.line("Registered data asset " + asset.get("name").asText() + ":" + asset.get("version").asText() + " ("
                        + asset.get("type").asText() + ", " + Output.bytes(asset.get("size_bytes").asLong()) + ", "
                        + asset.get("content_hash").asText() + ")");
                printSchema(asset, out);
            }
            return 0;
        }

        private Spec fromOptions(CeruleanClient client) {
            if (name == null || path == null) {
                throw new InvalidParameterException("give -f FILE, or --name and --path", name == null ? "name" : "path");
            }
            ObjectNode body = ApiJson.create().createObjectNode();
            override(body);
            if (!body.has("type")) {
                Path local = path.contains("://") || path.startsWith("azureml:") ? null : Shapes.resolveLocal(path, null);
                body.put("type", local != null && java.nio.file.Files.isDirectory(local) ? "uri_folder" : "uri_file");
            }
            return new SpecParser(LocalSpecFiles.INSTANCE).check(body, "options", Path.of("").toAbsolutePath(), SpecKind.DATA);
        }

        private void override(ObjectNode body) {
            if (name != null) {
                body.put("name", name);
            }
            if (version != null) {
                body.put("version", version);
            }
            if (path != null) {
                body.put("path", path);
            }
            if (type != null) {
                body.put("type", type);
            }
            if (description != null) {
                body.put("description", description);
            }
            if (!tags.isEmpty()) {
                ObjectNode t = body.with("tags");
                tags.forEach(t::put);
            }
        }
    }

    static void printSchema(JsonNode asset, Output out) {
        JsonNode schema = asset.path("schema");
        if (schema.isArray() && !schema.isEmpty()) {
            List<String> cols = new ArrayList<>();
            schema.forEach(c -> cols.add(c.get("name").asText() + " " + c.get("type").asText()));
            out.line("Schema (" + asset.path("format").asText() + "): " + String.join(", ", cols));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List data assets (latest version of each).")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = client.listData();
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode a : page.path("items")) {
                rows.add(List.of(a.get("name").asText(), a.get("version").asText(), a.get("type").asText(),
                        a.path("format").asText("-"), Output.bytes(a.get("size_bytes").asLong()), a.get("created_at").asText(),
                        a.path("description").asText()));
            }
            out.table(List.of("NAME", "LATEST", "TYPE", "FORMAT", "SIZE", "CREATED", "DESCRIPTION"), rows);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a data asset version (NAME, NAME:VERSION or NAME@latest).")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME[:VERSION]")
        String ref;

        @Override
        protected int run(CeruleanClient client, Output out) {
            String[] nv = Specs.nameAndVersion(ref);
            JsonNode a = client.data(nv[0], nv[1]);
            if (out.isJson()) {
                out.json(a);
                return 0;
            }
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"name", a.get("name").asText()});
            f.add(new String[] {"version", a.get("version").asText()});
            f.add(new String[] {"type", a.get("type").asText()});
            f.add(new String[] {"description", a.path("description").asText()});
            f.add(new String[] {"tags", a.path("tags").toString()});
            f.add(new String[] {"source", a.get("source").asText() + (a.path("reference").asBoolean() ? " (referenced, not copied)" : "")});
            f.add(new String[] {"content hash", a.get("content_hash").asText()});
            f.add(new String[] {"size", Output.bytes(a.get("size_bytes").asLong()) + " in " + a.get("file_count").asText() + " file(s)"});
            f.add(new String[] {"format", a.path("format").asText("(not tabular)")});
            f.add(new String[] {"created", a.get("created_at").asText() + " by " + a.get("created_by").asText()});
            out.fields(f);
            printSchema(a, out);
            return 0;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List every version of a data asset.")
    static final class Versions extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = client.dataVersions(name);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode a : page.path("items")) {
                rows.add(List.of(a.get("version").asText(), a.get("type").asText(), Output.bytes(a.get("size_bytes").asLong()),
                        a.get("content_hash").asText().substring(0, 19), a.get("created_at").asText(), a.get("created_by").asText()));
            }
            out.table(List.of("VERSION", "TYPE", "SIZE", "HASH", "CREATED", "BY"), rows);
            return 0;
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true, description = "Column statistics of a tabular data asset version.")
    static final class Profile extends ClientCommand {
        @Parameters(paramLabel = "NAME[:VERSION]")
        String ref;

        @Override
        protected int run(CeruleanClient client, Output out) {
            String[] nv = Specs.nameAndVersion(ref);
            JsonNode p = client.profile(nv[0], nv[1]);
            if (out.isJson()) {
                out.json(p);
            } else {
                ProfileTable.print(nv[0], p, out);
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true, description = "Download a data asset version's files into a folder.")
    static final class Download extends ClientCommand {
        @Parameters(paramLabel = "NAME[:VERSION]")
        String ref;
        @Option(names = "--to", required = true, paramLabel = "DIR", description = "Folder to write into (created if missing).")
        Path to;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            String[] nv = Specs.nameAndVersion(ref);
            List<Path> files = client.downloadData(nv[0], nv[1], to);
            if (out.isJson()) {
                var arr = ApiJson.create().createArrayNode();
                files.forEach(f -> arr.add(f.toString()));
                out.json(arr);
            } else {
                files.forEach(f -> out.line(f.toString()));
                out.note("Downloaded " + files.size() + " file(s) to " + to.toAbsolutePath().normalize());
            }
            return 0;
        }
    }
}
