package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.DataAsset;
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
            out.print(client.createData(body, reference), asset -> {
                out.line("Registered data asset " + asset.id() + " (" + asset.type() + ", " + Output.bytes(asset.sizeBytes()) + ", "
                        + asset.contentHash() + ")");
                printSchema(asset, out);
            });
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

    static void printSchema(DataAsset asset, Output out) {
        if (!asset.schema().isEmpty()) {
            List<String> cols = asset.schema().stream().map(c -> c.name() + " " + c.type()).toList();
            out.line("Schema (" + Output.text(asset.format()) + "): " + String.join(", ", cols));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List data assets (latest version of each).")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            out.table(client.listData(), List.of("NAME", "LATEST", "TYPE", "FORMAT", "SIZE", "CREATED", "DESCRIPTION"),
                    a -> List.of(a.name(), Integer.toString(a.version()), a.type().toString(), a.format() == null ? "-" : a.format().toString(),
                            Output.bytes(a.sizeBytes()), a.createdAt().toString(), a.description()));
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
            out.print(client.data(nv[0], nv[1]), a -> {
                List<String[]> f = new ArrayList<>();
                f.add(new String[] {"name", a.name()});
                f.add(new String[] {"version", Integer.toString(a.version())});
                f.add(new String[] {"type", a.type().toString()});
                f.add(new String[] {"description", a.description()});
                f.add(new String[] {"tags", out.compact(Mlflow.sorted(a.tags()))});
                f.add(new String[] {"source", a.source() + (a.reference() ? " (referenced, not copied)" : "")});
                f.add(new String[] {"content hash", a.contentHash()});
                f.add(new String[] {"size", Output.bytes(a.sizeBytes()) + " in " + a.fileCount() + " file(s)"});
                f.add(new String[] {"format", a.format() == null ? "(not tabular)" : a.format().toString()});
                f.add(new String[] {"created", a.createdAt() + " by " + a.createdBy()});
                out.fields(f);
                printSchema(a, out);
            });
            return 0;
        }
    }

    @Command(name = "versions", mixinStandardHelpOptions = true, description = "List every version of a data asset.")
    static final class Versions extends ClientCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.table(client.dataVersions(name), List.of("VERSION", "TYPE", "SIZE", "HASH", "CREATED", "BY"),
                    a -> List.of(Integer.toString(a.version()), a.type().toString(), Output.bytes(a.sizeBytes()), a.contentHash().substring(0, 19),
                            a.createdAt().toString(), a.createdBy()));
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
            out.print(client.profile(nv[0], nv[1]), p -> ProfileTable.print(nv[0], p, out));
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
