package dev.cerulean.cli;

import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Problem;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecException;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.ApiJson;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code cerulean validate -f FILE}: checks any spec without running it. Runs locally, where the
 * spec's relative paths mean something; needs no server.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec without running it: print the normalised spec, or every problem with its field path.")
public final class ValidateCommand implements Callable<Integer> {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The YAML (or JSON) spec.")
    Path file;
    @Option(names = "--kind", paramLabel = "KIND", description = "The kind to expect (data, datastore, mltable, command-job, ...); detected when absent.")
    String kind;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CeruleanCommand root = (CeruleanCommand) spec.root().userObject();
        SpecKind expected = null;
        if (kind != null) {
            expected = SpecKind.fromText(kind).orElseThrow(() -> new InvalidParameterException("--kind '" + kind + "' is not a spec kind", "kind"));
        }
        Output out = new Output(System.out, System.err, root.output, ApiJson.create());
        Spec s;
        try {
            s = new SpecParser(LocalSpecFiles.INSTANCE).parse(file, expected);
        } catch (SpecException e) {
            if (out.isJson()) {
                ObjectNode err = ApiJson.create().createObjectNode();
                err.put("valid", false);
                var arr = err.putArray("problems");
                for (Problem p : e.problems()) {
                    ObjectNode n = arr.addObject().put("path", p.path()).put("message", p.message()).put("severity", p.severity().name().toLowerCase());
                    if (p.suggestion() != null) {
                        n.put("suggestion", p.suggestion());
                    }
                }
                out.json(err);
            } else {
                long errors = e.problems().stream().filter(Problem::isError).count();
                System.err.println(file + ": " + errors + " problem" + (errors == 1 ? "" : "s") + ":");
                for (Problem p : e.problems()) {
                    System.err.println("  " + (p.isError() ? "error" : "warning") + ": " + p.render());
                }
            }
            return e.code() == dev.cerulean.core.ErrorCode.NOT_SUPPORTED ? 3 : 1;
        }
        if (out.isJson()) {
            ObjectNode ok = ApiJson.create().createObjectNode();
            ok.put("valid", true);
            ok.put("kind", s.kind().displayName());
            ok.set("spec", s.body());
            var arr = ok.putArray("warnings");
            s.warnings().forEach(w -> arr.add(w.render()));
            out.json(ok);
        } else {
            for (Problem w : s.warnings()) {
                System.err.println("warning: " + w.render());
            }
            System.err.println(file + ": valid " + s.kind().displayName() + " spec");
            try {
                ObjectMapper yaml = new ObjectMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
                System.out.print(yaml.writeValueAsString(s.body()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new CeruleanException(dev.cerulean.core.ErrorCode.INTERNAL, e.getMessage());
            }
        }
        return 0;
    }
}
