package dev.cerulean.service.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.data.DataFile;
import dev.cerulean.core.data.DataType;
import dev.cerulean.core.data.TableFormat;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.ml.data.TableSource;
import dev.cerulean.ml.data.TableStep;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The table a data asset version holds, if any: a tabular uri_file, a uri_folder whose files share
 * one tabular format, or an mltable (its MLTable file's paths and transformations).
 */
public final class TableSources {
    private final SpecParser parser;

    public TableSources(SpecParser parser) {
        this.parser = parser;
    }

    /**
     * @param type     the asset type
     * @param manifest the asset's files, paths relative to its root
     * @param physical where each file's bytes are (a blob in the store, or the referenced original)
     * @return the table, or empty when the files are not a table
     * @throws InvalidParameterException when an MLTable file is wrong
     */
    public Optional<TableSource> forAsset(DataType type, List<DataFile> manifest, Function<DataFile, Path> physical) {
        if (type == DataType.MLTABLE) {
            return Optional.of(mltable(manifest, physical));
        }
        List<DataFile> data = manifest.stream().filter(f -> !isHidden(f.path())).toList();
        if (data.isEmpty()) {
            return Optional.empty();
        }
        Set<TableFormat> formats = new LinkedHashSet<>();
        Set<String> compressions = new LinkedHashSet<>();
        for (DataFile f : data) {
            Optional<TableFormat> fmt = TableFormat.fromFileName(f.path());
            if (fmt.isEmpty()) {
                return Optional.empty();
            }
            formats.add(fmt.get());
            compressions.add(String.valueOf(TableSource.compressionOf(f.path())));
        }
        if (formats.size() != 1 || compressions.size() != 1) {
            return Optional.empty();
        }
        TableSource first = TableSource.of(Path.of(data.get(0).path()));
        return Optional.of(new TableSource(data.stream().map(physical).toList(), data.stream().map(DataFile::path).toList(),
                first.format(), first.options(), List.of()));
    }

    private static boolean isHidden(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.startsWith(".") || name.startsWith("_");
    }

    private TableSource mltable(List<DataFile> manifest, Function<DataFile, Path> physical) {
        DataFile mltableFile = manifest.stream().filter(f -> f.path().equals("MLTable")).findFirst()
                .orElseThrow(() -> new InvalidParameterException("an mltable asset needs an MLTable file at the root of its folder", "path"));
        String text;
        try {
            text = Files.readString(physical.apply(mltableFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Spec spec = parser.parse(text, "MLTable", null, SpecKind.MLTABLE);
        JsonNode body = spec.body();
        List<DataFile> selected = new ArrayList<>();
        for (JsonNode entry : body.get("paths")) {
            selected.addAll(select(entry, manifest));
        }
        if (selected.isEmpty()) {
            throw new InvalidParameterException("the MLTable's paths match no file in its folder", "paths");
        }
        TableFormat format = null;
        TableSource.ReadOptions options = TableSource.ReadOptions.DEFAULT;
        List<TableStep> steps = new ArrayList<>();
        for (JsonNode t : body.path("transformations")) {
            String key = t.fieldNames().next();
            JsonNode v = t.get(key);
            switch (key) {
                case "read_delimited" -> {
                    format = TableFormat.CSV;
                    options = new TableSource.ReadOptions(v.path("delimiter").asText(","),
                            !v.path("header").asText().equals("no_header"), null, false, v.path("include_path_column").asBoolean());
                }
                case "read_parquet" -> {
                    format = TableFormat.PARQUET;
                    options = new TableSource.ReadOptions(null, true, null, false, v.path("include_path_column").asBoolean());
                }
                case "read_json_lines" -> {
                    format = TableFormat.JSONL;
                    options = new TableSource.ReadOptions(null, true, null, v.path("invalid_lines").asText().equals("drop"),
                            v.path("include_path_column").asBoolean());
                }
                case "take" -> steps.add(new TableStep.Take(v.asLong()));
                case "skip" -> steps.add(new TableStep.Skip(v.asLong()));
                case "take_random_sample" -> steps.add(new TableStep.Sample(v.get("probability").asDouble(), v.path("seed").asLong(0)));
                case "drop_columns" -> steps.add(new TableStep.DropColumns(texts(v)));
                case "keep_columns" -> steps.add(new TableStep.KeepColumns(texts(v)));
                case "filter" -> steps.add(new TableStep.Filter(v.asText()));
                case "convert_column_types" -> {
                    for (JsonNode c : v) {
                        JsonNode type = c.get("column_type");
                        steps.add(new TableStep.Convert(texts(c.get("columns")), type.isObject() ? type.fieldNames().next() : type.asText()));
                    }
                }
                default -> throw new InvalidParameterException("MLTable transformation '" + key + "' is not supported", "transformations");
            }
        }
        if (format == null) {
            format = TableFormat.fromFileName(selected.get(0).path()).orElseThrow(() -> new InvalidParameterException(
                    "the MLTable has no read_delimited, read_parquet or read_json_lines transformation and the format of '"
                            + selected.get(0).path() + "' cannot be told from its name", "transformations"));
        }
        String compression = TableSource.compressionOf(selected.get(0).path());
        return new TableSource(selected.stream().map(physical).toList(), selected.stream().map(DataFile::path).toList(), format,
                options.withCompression(compression), steps);
    }

    private static List<String> texts(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            v.forEach(x -> out.add(x.asText()));
        } else {
            out.add(v.asText());
        }
        return out;
    }

    /** The manifest files an MLTable path entry ({@code file}, {@code folder} or {@code pattern}) selects. */
    private static List<DataFile> select(JsonNode entry, List<DataFile> manifest) {
        String key = entry.fieldNames().next();
        String raw = entry.get(key).asText();
        String rel = relative(raw);
        List<DataFile> out = new ArrayList<>();
        switch (key) {
            case "file" -> manifest.stream().filter(f -> f.path().equals(rel)).findFirst().ifPresentOrElse(out::add, () -> {
                throw new InvalidParameterException("MLTable path '" + raw + "' is not a file in the asset's folder", "paths");
            });
            case "folder" -> manifest.stream()
                    .filter(f -> !f.path().equals("MLTable") && !isHidden(f.path()) && (rel.isEmpty() || f.path().startsWith(rel + "/")))
                    .forEach(out::add);
            default -> {
                PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rel);
                manifest.stream().filter(f -> !f.path().equals("MLTable") && m.matches(Path.of(f.path()))).forEach(out::add);
            }
        }
        return out;
    }

    private static String relative(String raw) {
        String t = raw.strip();
        if (t.startsWith("file://")) {
            t = t.substring(7);
        } else if (t.startsWith("file:")) {
            t = t.substring(5);
        }
        if (t.startsWith("/") || t.contains("://")) {
            throw new InvalidParameterException("MLTable path '" + raw + "' must be relative to the MLTable's folder", "paths");
        }
        Path p = Path.of(t).normalize();
        String s = p.toString().replace('\\', '/');
        if (s.equals(".")) {
            return "";
        }
        if (s.startsWith("..")) {
            throw new InvalidParameterException("MLTable path '" + raw + "' leaves the MLTable's folder", "paths");
        }
        return s;
    }
}
