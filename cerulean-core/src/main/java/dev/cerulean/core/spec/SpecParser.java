package dev.cerulean.core.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads YAML or JSON specs of every kind: detects the kind, checks the document against the kind's
 * {@link Shape} and returns the normalised {@link Spec}, or throws a {@link SpecException} listing
 * every problem with its field path and a suggestion.
 */
public final class SpecParser {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int MAX_DEPTH = 8;

    private final SpecSchemas schemas;
    private final SpecFiles files;
    private final java.util.Map<String, Boolean> uploaded;

    /** A parser with the {@linkplain SpecSchemas#installed() installed} schemas, seeing {@code files}. */
    public SpecParser(SpecFiles files) {
        this(SpecSchemas.installed(), files);
    }

    /**
     * @param files the files the specs' local paths are checked against, and spec files read from
     */
    public SpecParser(SpecSchemas schemas, SpecFiles files) {
        this(schemas, files, java.util.Map.of());
    }

    private SpecParser(SpecSchemas schemas, SpecFiles files, java.util.Map<String, Boolean> uploaded) {
        this.schemas = schemas;
        this.files = java.util.Objects.requireNonNull(files, "files");
        this.uploaded = java.util.Map.copyOf(uploaded);
    }

    /**
     * A parser for specs checked away from the machine they were written on: the given local paths
     * (absolute, as the client resolved them) exist there and were uploaded, so they are not looked for here.
     *
     * @param uploaded path to whether it is a folder
     */
    public SpecParser withUploaded(java.util.Map<String, Boolean> uploaded) {
        return new SpecParser(schemas, files, uploaded);
    }

    /** Whether a local path exists: here, or as an upload. */
    boolean exists(Path p) {
        return uploaded.containsKey(p.toString()) || files.exists(p);
    }

    /** Whether a local path is a folder: here, or as an upload. */
    boolean isDirectory(Path p) {
        Boolean folder = uploaded.get(p.toString());
        return folder != null ? folder : files.isDirectory(p);
    }

    /** Whether a local path is a file: here, or as an upload. */
    boolean isFile(Path p) {
        Boolean folder = uploaded.get(p.toString());
        return folder != null ? !folder : files.isFile(p);
    }

    /**
     * Parses a spec file.
     *
     * @param file     the YAML or JSON file
     * @param expected the kind the caller wants ({@code data create} wants data), or null to detect it
     * @throws SpecException when the file is missing, unreadable, of another kind, or has errors
     */
    public Spec parse(Path file, SpecKind expected) {
        return parse(file, expected, 0);
    }

    Spec parse(Path file, SpecKind expected, int depth) {
        String where = file.toString();
        String text;
        try {
            text = files.readText(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(ErrorCode.INVALID_PARAMETER, where,
                    List.of(error("", "file '" + file + "' does not exist", null)));
        } catch (MalformedInputException e) {
            throw new SpecException(where, List.of(error("", "file is not UTF-8 text", null)));
        } catch (IOException e) {
            throw new SpecException(ErrorCode.INVALID_PARAMETER, where,
                    List.of(error("", "cannot read file '" + file + "': " + e.getMessage(), null)));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, where, base, expected, depth);
    }

    /**
     * Parses spec text.
     *
     * @param text     YAML (or JSON, which is YAML)
     * @param where    a name for the source in messages, or null
     * @param baseDir  where relative paths resolve from, or null to resolve against the working directory
     * @param expected the kind the caller wants, or null to detect it
     */
    public Spec parse(String text, String where, Path baseDir, SpecKind expected) {
        return parse(text, where, baseDir, expected, 0);
    }

    Spec parse(String text, String where, Path baseDir, SpecKind expected, int depth) {
        JsonNode doc;
        try {
            doc = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
            throw new SpecException(where, List.of(error("", line + "not valid YAML: " + e.getOriginalMessage(), null)));
        }
        if (doc == null || doc.isMissingNode() || doc.isNull()) {
            throw new SpecException(where, List.of(error("", "the spec is empty", null)));
        }
        if (!doc.isObject()) {
            throw new SpecException(where, List.of(error("", "expected a mapping at the top level, got " + Shapes.kindOf(doc), null)));
        }
        return check((ObjectNode) doc, where, baseDir, expected, depth);
    }

    /** Checks an already-parsed document (a JSON request body). */
    public Spec check(ObjectNode doc, String where, Path baseDir, SpecKind expected) {
        return check(doc, where, baseDir, expected, 0);
    }

    private Spec check(ObjectNode doc, String where, Path baseDir, SpecKind expected, int depth) {
        if (depth > MAX_DEPTH) {
            throw new SpecException(where, List.of(error("", "specs refer to each other more than " + MAX_DEPTH + " levels deep (a cycle?)", null)));
        }
        ObjectNode body = doc.deepCopy();
        JsonNode schemaUrl = body.remove("$schema");
        SpecKind kind = detect(body, schemaUrl == null ? null : schemaUrl.asText(), expected, where);
        Optional<KindSchema> schema = schemas.forKind(kind);
        if (schema.isEmpty()) {
            throw new SpecException(ErrorCode.NOT_SUPPORTED, where, List.of(error("",
                    kind.displayName() + " specs are not supported yet", "Cerulean supports: " + schemas.supportedNames())));
        }
        KindSchema ks = schema.get();
        if (!body.has("type") && ks.typeValue() != null) {
            body.put("type", ks.typeValue());
        }
        SpecContext ctx = new SpecContext(baseDir, this, depth);
        JsonNode normalised = ks.shape().check(body, "", ctx);
        List<Problem> problems = ctx.problems();
        if (ctx.hasErrors() || normalised == null) {
            throw new SpecException(where, problems);
        }
        List<Problem> warnings = new ArrayList<>(problems);
        Path source = where == null ? null : baseDir == null ? null : baseDir.resolve(Path.of(where).getFileName().toString());
        return new Spec(kind, (ObjectNode) normalised, warnings, source);
    }

    /** Reads, checks and returns another spec file that this one refers to, reporting its problems under {@code path}. */
    JsonNode parseNested(Path file, String path, SpecContext ctx, SpecKind kind) {
        try {
            Spec nested = parse(file, kind, ctx.depth() + 1);
            ctx.addAll(prefixed(path, nested.warnings()));
            return nested.body();
        } catch (SpecException e) {
            ctx.addAll(prefixed(path, e.problems()));
            return null;
        }
    }

    /** Checks a spec written inline inside another, reporting its problems under {@code path}. */
    JsonNode checkNested(ObjectNode doc, String path, SpecContext ctx, SpecKind kind) {
        try {
            Spec nested = check(doc, null, ctx.baseDir(), kind, ctx.depth() + 1);
            ctx.addAll(prefixed(path, nested.warnings()));
            return nested.body();
        } catch (SpecException e) {
            ctx.addAll(prefixed(path, e.problems()));
            return null;
        }
    }

    private static List<Problem> prefixed(String path, List<Problem> problems) {
        return problems.stream().map(p -> new Problem(p.path().isEmpty() ? path : SpecContext.child(path, p.path()), p.message(),
                p.suggestion(), p.severity())).toList();
    }

    private SpecKind detect(ObjectNode body, String schemaUrl, SpecKind expected, String where) {
        Optional<SpecKind> fromSchema = SpecKind.fromSchemaUrl(schemaUrl);
        Optional<SpecKind> fromType = schemas.kindFromType(body, expected);
        if (expected != null) {
            SpecKind found = fromType.orElse(fromSchema.orElse(expected));
            if (found != expected) {
                throw new SpecException(where, List.of(error(fromType.isPresent() ? "type" : "$schema",
                        "this is a " + found.displayName() + " spec, but a " + expected.displayName() + " spec is needed here",
                        null)));
            }
            return expected;
        }
        if (fromType.isPresent()) {
            return fromType.get();
        }
        if (fromSchema.isPresent()) {
            return fromSchema.get();
        }
        Optional<SpecKind> fromShape = schemas.kindFromShape(body);
        if (fromShape.isPresent()) {
            return fromShape.get();
        }
        throw new SpecException(where, List.of(error("", "cannot tell what kind of spec this is",
                "add a 'type' field or Azure ML's '$schema' URL")));
    }

    static Problem error(String path, String message, String suggestion) {
        return new Problem(path, message, suggestion, Problem.Severity.ERROR);
    }
}
