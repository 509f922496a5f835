package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.Deleted;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.client.Typed;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the online and batch endpoint and deployment commands share. {@code show}, {@code list} and
 * {@code delete} are written once here, for a kind ({@link Endpoints}, {@link Deployments}) that
 * says how to reach and print online or batch ones; each command class only names its kind (and
 * keeps its own help text). The YAML the {@code create} commands read, and the lines they print
 * alike, are here too.
 */
final class EndpointCommands {
    private EndpointCommands() {
    }

    /**
     * The endpoint, or the deployment of an endpoint, a command acts on, as its options name it:
     * {@code -n NAME} ({@link EndpointRef}), {@code -e ENDPOINT -n NAME} ({@link DeploymentRef}),
     * {@code -e ENDPOINT} ({@link EndpointDeployments}) or nothing (every endpoint).
     */
    // A mixin with no option of its own (every endpoint) is still one to picocli through this annotation.
    @Command
    static class Ref {
        /** The endpoint named, or null where none is ({@code online-endpoint list}). */
        String endpoint;
        /** The deployment named, or null for commands on endpoints. */
        String deployment;
    }

    /** {@code -n NAME}: an endpoint. */
    static final class EndpointRef extends Ref {
        @Option(names = {"-n", "--name"}, required = true)
        void name(String name) {
            endpoint = name;
        }
    }

    /** {@code -e ENDPOINT}: every deployment of an endpoint. */
    static class EndpointDeployments extends Ref {
        @Option(names = {"-e", "--endpoint-name"}, required = true)
        void endpoint(String name) {
            endpoint = name;
        }
    }

    /** {@code -e ENDPOINT -n NAME}: a deployment. */
    static final class DeploymentRef extends EndpointDeployments {
        @Option(names = {"-n", "--name"}, required = true)
        void name(String name) {
            deployment = name;
        }
    }

    /** A call on what a {@link Ref} names. */
    @FunctionalInterface
    interface Call<T> {
        Typed<T> on(EndpointClient endpoints, Ref ref);
    }

    /**
     * How one kind of thing (online or batch endpoints, their deployments) is named, read, listed,
     * deleted and printed.
     *
     * @param label   what it is called in messages ({@code online endpoint})
     * @param one     the options that name one of them
     * @param every   the options that name a list of them
     * @param headers the columns of {@code list}
     * @param row     one's row of {@code list}
     */
    record Kind<T>(String label, Supplier<Ref> one, Supplier<Ref> every, Call<T> get, Call<List<T>> list, Call<Deleted> delete,
            BiConsumer<Typed<T>, Output> print, List<String> headers, Function<T, List<String>> row) {
        /** Online or batch endpoints. */
        static <T> Kind<T> endpoints(String label, BiFunction<EndpointClient, String, Typed<T>> get,
                Function<EndpointClient, Typed<List<T>>> list, BiFunction<EndpointClient, String, Typed<Deleted>> delete,
                BiConsumer<Typed<T>, Output> print, List<String> headers, Function<T, List<String>> row) {
            return new Kind<>(label, EndpointRef::new, Ref::new, (ec, r) -> get.apply(ec, r.endpoint), (ec, r) -> list.apply(ec),
                    (ec, r) -> delete.apply(ec, r.endpoint), print, headers, row);
        }

        /** The deployments of online or batch endpoints. */
        static <T> Kind<T> deployments(String label, OnDeployment<T> get, BiFunction<EndpointClient, String, Typed<List<T>>> list,
                OnDeployment<Deleted> delete, BiConsumer<Typed<T>, Output> print, List<String> headers, Function<T, List<String>> row) {
            return new Kind<>(label, DeploymentRef::new, EndpointDeployments::new, (ec, r) -> get.call(ec, r.endpoint, r.deployment),
                    (ec, r) -> list.apply(ec, r.endpoint), (ec, r) -> delete.call(ec, r.endpoint, r.deployment), print, headers, row);
        }

        /** What a ref names, for messages ({@code online endpoint blue}, {@code deployment web/blue}). */
        String describe(Ref r) {
            return label + " " + (r.deployment == null ? r.endpoint : r.endpoint + "/" + r.deployment);
        }
    }

    /** A call on one deployment of an endpoint. */
    @FunctionalInterface
    interface OnDeployment<T> {
        Typed<T> call(EndpointClient endpoints, String endpoint, String deployment);
    }

    /** A command on a kind of thing: what it acts on is named by the kind's options. */
    abstract static class OnKind<T> extends ClientCommand {
        final Kind<T> kind;
        @Mixin
        final Ref ref;

        /** @param refs which of the kind's options the command takes ({@link Kind#one} or {@link Kind#every}) */
        OnKind(Kind<T> kind, Function<Kind<T>, Supplier<Ref>> refs) {
            this.kind = kind;
            this.ref = refs.apply(kind).get();
        }
    }

    /** {@code show}: one, as the server shows it. */
    abstract static class Show<T> extends OnKind<T> {
        Show(Kind<T> kind) {
            super(kind, Kind::one);
        }

        @Override
        protected int run(CeruleanClient client, Output out) {
            kind.print().accept(kind.get().on(client.endpoints(), ref), out);
            return 0;
        }
    }

    /** {@code list}: a table, or the server's page for {@code -o json}. */
    abstract static class ListAll<T> extends OnKind<T> {
        ListAll(Kind<T> kind) {
            super(kind, Kind::every);
        }

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.table(kind.list().on(client.endpoints(), ref), kind.headers(), kind.row());
            return 0;
        }
    }

    /** {@code delete}: the server's answer for {@code -o json}, else a note of what is gone. */
    abstract static class Delete<T> extends OnKind<T> {
        @Mixin
        Yes yes;

        Delete(Kind<T> kind) {
            super(kind, Kind::one);
        }

        @Override
        protected int run(CeruleanClient client, Output out) {
            Typed<Deleted> r = kind.delete().on(client.endpoints(), ref);
            if (out.isJson()) {
                out.json(r.json());
            } else {
                out.note("Deleted " + kind.describe(ref));
            }
            return 0;
        }
    }

    /** {@code -y}: Azure's CLI asks before deleting; Cerulean does not. */
    static final class Yes {
        @Option(names = {"-y", "--yes"}, description = "Accepted for Azure CLI compatibility; Cerulean does not ask.")
        boolean yes;
    }

    /**
     * An endpoint or deployment YAML file, read on this side, with the names given as options
     * put over the file's.
     *
     * @param name         the {@code name} to use instead of the file's, or null
     * @param endpointName the {@code endpoint_name} to use instead of the file's, or null
     */
    static ObjectNode spec(Path file, SpecKind kind, Output out, String name, String endpointName) {
        ObjectNode body = Specs.read(file, kind, out).body();
        if (name != null) {
            body.put("name", name);
        }
        if (endpointName != null) {
            body.put("endpoint_name", endpointName);
        }
        return body;
    }

    /** The {@code created} line: when, and by whom. */
    static String[] created(Instant at, String by) {
        return new String[] {"created", Output.text(at) + " by " + Output.text(by)};
    }

    /** The {@code tags} line: the tags as compact JSON. */
    static String[] tags(Map<String, String> tags, Output out) {
        return new String[] {"tags", out.compact(tags)};
    }
}
