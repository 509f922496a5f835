package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.client.OnlineEndpointDetail;
import dev.cerulean.client.Typed;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.endpoint.EndpointKeys;
import dev.cerulean.core.endpoint.OnlineEndpoint;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cerulean online-endpoint ...}: real-time endpoints, as {@code az ml online-endpoint}. */
@Command(name = "online-endpoint", mixinStandardHelpOptions = true, description = "Create, change, invoke and delete online (real-time) endpoints.",
        subcommands = {OnlineEndpointCommand.Create.class, OnlineEndpointCommand.Show.class, OnlineEndpointCommand.ListCmd.class,
                OnlineEndpointCommand.Update.class, OnlineEndpointCommand.Invoke.class, OnlineEndpointCommand.GetCredentials.class,
                OnlineEndpointCommand.RegenerateKeys.class, OnlineEndpointCommand.Delete.class})
public final class OnlineEndpointCommand {
    static final EndpointCommands.Kind<OnlineEndpointDetail> KIND = EndpointCommands.Kind.endpoints("online endpoint",
            EndpointClient::online, EndpointClient::onlineList, EndpointClient::deleteOnline, OnlineEndpointCommand::print,
            List.of("NAME", "TRAFFIC", "MIRROR", "SCORING URI", "DESCRIPTION"), d -> List.of(d.endpoint().name(),
                    TrafficText.format(d.endpoint().traffic()), TrafficText.format(d.endpoint().mirrorTraffic()), d.scoringUri(),
                    d.endpoint().description()));

    static void print(Typed<OnlineEndpointDetail> answer, Output out) {
        out.print(answer, d -> {
            OnlineEndpoint e = d.endpoint();
            out.fields(List.of(new String[] {"name", e.name()}, new String[] {"auth mode", e.authMode()},
                    new String[] {"traffic", TrafficText.format(e.traffic())}, new String[] {"mirror traffic", TrafficText.format(e.mirrorTraffic())},
                    new String[] {"scoring uri", d.scoringUri()}, new String[] {"mlflow uri", d.invocationsUri()},
                    new String[] {"oip uri", d.inferenceUri()}, new String[] {"description", e.description()},
                    EndpointCommands.tags(e.tags(), out), EndpointCommands.created(e.createdAt(), e.createdBy())));
        });
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an endpoint from an Azure ML online endpoint YAML file.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "managedOnlineEndpoint YAML (name, auth_mode, description, tags).")
        Path file;
        @Option(names = {"-n", "--name"}, description = "Endpoint name (overrides the file's).")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Typed<OnlineEndpointDetail> e = client.endpoints().createOnline(EndpointCommands.spec(file, SpecKind.ONLINE_ENDPOINT, out, name, null));
            if (!out.isJson()) {
                String created = e.value().endpoint().name();
                out.note("Created online endpoint " + created + "; get its keys with 'cerulean online-endpoint get-credentials --name " + created + "'");
            }
            print(e, out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an endpoint: traffic, mirror traffic and the URIs to score at.")
    static final class Show extends EndpointCommands.Show<OnlineEndpointDetail> {
        Show() {
            super(KIND);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List online endpoints.")
    static final class ListCmd extends EndpointCommands.ListAll<OnlineEndpointDetail> {
        ListCmd() {
            super(KIND);
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true,
            description = "Change an endpoint's traffic split, mirror traffic or description. A new split applies to the next request; "
                    + "requests in flight finish where they are.")
    static final class Update extends ClientCommand {
        @Option(names = {"-n", "--name"}, description = "Endpoint name (default: the file's).")
        String name;
        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Online endpoint YAML whose traffic, mirror_traffic and description to apply.")
        Path file;
        @Option(names = {"-t", "--traffic"}, paramLabel = "SPLIT", description = "The whole live split, e.g. \"blue=90 green=10\" (sums to 0 or 100; "
                + "deployments left out get 0).")
        String traffic;
        @Option(names = {"-m", "--mirror-traffic"}, paramLabel = "SPLIT", description = "Copy a percentage of live traffic to one deployment, e.g. "
                + "\"green=10\" (at most 50; \"green=0\" stops it). Its answers are never returned.")
        String mirror;
        @Option(names = "--description")
        String description;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Map<String, Integer> t = null;
            Map<String, Integer> m = null;
            String d = description;
            String n = name;
            if (file != null) {
                // The spec is the user's YAML, checked on this side: read as the document it is.
                ObjectNode b = Specs.read(file, SpecKind.ONLINE_ENDPOINT, out).body();
                n = n != null ? n : b.get("name").asText();
                t = b.has("traffic") ? ints(b.get("traffic")) : null;
                m = b.has("mirror_traffic") ? ints(b.get("mirror_traffic")) : null;
                d = d != null ? d : b.hasNonNull("description") ? b.get("description").asText() : null;
            }
            if (n == null) {
                throw new InvalidParameterException("give --name (or -f with a name)", "name");
            }
            if (traffic != null) {
                t = TrafficText.parse("--traffic", traffic);
            }
            if (mirror != null) {
                m = TrafficText.parse("--mirror-traffic", mirror);
            }
            if (t == null && m == null && d == null) {
                throw new InvalidParameterException("nothing to change: give --traffic, --mirror-traffic, --description or -f", "traffic");
            }
            print(client.endpoints().updateOnline(n, t, m, d), out);
            return 0;
        }

        private static Map<String, Integer> ints(JsonNode n) {
            Map<String, Integer> m = new java.util.LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asInt()));
            return m;
        }
    }

    @Command(name = "invoke", mixinStandardHelpOptions = true,
            description = "Score a request file at the endpoint (Azure ML's input_data format), with the endpoint's key.")
    static final class Invoke extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-r", "--request-file"}, required = true, paramLabel = "FILE", description = "JSON request, e.g. {\"input_data\": "
                + "{\"columns\": [...], \"index\": [...], \"data\": [[...]]}}.")
        Path requestFile;
        @Option(names = {"-d", "--deployment-name"}, description = "Send the request to this deployment instead of routing it by traffic.")
        String deployment;

        @Override
        protected int run(CeruleanClient client, Output out) throws Exception {
            byte[] body;
            try {
                body = Files.readAllBytes(requestFile);
            } catch (NoSuchFileException e) {
                throw new InvalidParameterException("request file '" + requestFile + "' does not exist", "request-file");
            }
            EndpointClient ec = client.endpoints();
            // The answer is the model's, in the protocol's shape: printed as it came.
            out.json(ec.score(name, ec.keys(name).value().primaryKey(), deployment, body));
            return 0;
        }
    }

    @Command(name = "get-credentials", mixinStandardHelpOptions = true, description = "Print the endpoint's primary and secondary keys.")
    static final class GetCredentials extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.endpoints().keys(name), (EndpointKeys k) -> out.fields(List.of(new String[] {"primaryKey", k.primaryKey()},
                    new String[] {"secondaryKey", k.secondaryKey()})));
            return 0;
        }
    }

    @Command(name = "regenerate-keys", mixinStandardHelpOptions = true,
            description = "Replace the primary or secondary key; the old one stops working at once, the other keeps working.")
    static final class RegenerateKeys extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = "--key-type", required = true, description = "primary or secondary.")
        String keyType;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.endpoints().regenerateKey(name, keyType), k -> out.note("Regenerated the " + keyType + " key of " + name));
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an endpoint and its deployments; requests in flight finish first.")
    static final class Delete extends EndpointCommands.Delete<OnlineEndpointDetail> {
        Delete() {
            super(KIND);
        }
    }
}
