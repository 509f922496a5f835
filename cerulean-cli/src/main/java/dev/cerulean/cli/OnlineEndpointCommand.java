package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.EndpointClient;
import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.spec.Spec;
import dev.cerulean.core.spec.SpecKind;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    static void print(JsonNode e, Output out) {
        if (out.isJson()) {
            out.json(e);
            return;
        }
        out.fields(List.of(new String[] {"name", e.get("name").asText()}, new String[] {"auth mode", e.path("auth_mode").asText()},
                new String[] {"traffic", TrafficText.format(e.path("traffic"))},
                new String[] {"mirror traffic", TrafficText.format(e.path("mirror_traffic"))},
                new String[] {"scoring uri", e.path("scoring_uri").asText()},
                new String[] {"mlflow uri", e.path("invocations_uri").asText()},
                new String[] {"oip uri", e.path("inference_uri").asText()},
                new String[] {"description", e.path("description").asText()}, new String[] {"tags", e.path("tags").toString()},
                new String[] {"created", e.path("created_at").asText() + " by " + e.path("created_by").asText()}));
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create an endpoint from an Azure ML online endpoint YAML file.")
    static final class Create extends ClientCommand {
        @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "managedOnlineEndpoint YAML (name, auth_mode, description, tags).")
        Path file;
        @Option(names = {"-n", "--name"}, description = "Endpoint name (overrides the file's).")
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            Spec spec = Specs.read(file, SpecKind.ONLINE_ENDPOINT, out);
            ObjectNode body = spec.body();
            if (name != null) {
                body.put("name", name);
            }
            JsonNode e = new EndpointClient(client).createOnline(body);
            if (!out.isJson()) {
                out.note("Created online endpoint " + e.get("name").asText() + "; get its keys with 'cerulean online-endpoint get-credentials --name "
                        + e.get("name").asText() + "'");
            }
            print(e, out);
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an endpoint: traffic, mirror traffic and the URIs to score at.")
    static final class Show extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            print(new EndpointClient(client).online(name), out);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List online endpoints.")
    static final class ListCmd extends ClientCommand {
        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = new EndpointClient(client).onlineList();
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : page.path("items")) {
                rows.add(List.of(e.get("name").asText(), TrafficText.format(e.path("traffic")), TrafficText.format(e.path("mirror_traffic")),
                        e.path("scoring_uri").asText(), e.path("description").asText()));
            }
            out.table(List.of("NAME", "TRAFFIC", "MIRROR", "SCORING URI", "DESCRIPTION"), rows);
            return 0;
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
                JsonNode b = Specs.read(file, SpecKind.ONLINE_ENDPOINT, out).body();
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
            print(new EndpointClient(client).updateOnline(n, t, m, d), out);
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
            EndpointClient ec = new EndpointClient(client);
            String key = ec.keys(name).get("primary_key").asText();
            out.json(ec.score(name, key, deployment, body));
            return 0;
        }
    }

    @Command(name = "get-credentials", mixinStandardHelpOptions = true, description = "Print the endpoint's primary and secondary keys.")
    static final class GetCredentials extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode k = new EndpointClient(client).keys(name);
            if (out.isJson()) {
                out.json(k);
            } else {
                out.fields(List.of(new String[] {"primaryKey", k.get("primary_key").asText()},
                        new String[] {"secondaryKey", k.get("secondary_key").asText()}));
            }
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
            JsonNode k = new EndpointClient(client).regenerateKey(name, keyType);
            if (out.isJson()) {
                out.json(k);
            } else {
                out.note("Regenerated the " + keyType + " key of " + name);
            }
            return 0;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete an endpoint and its deployments; requests in flight finish first.")
    static final class Delete extends ClientCommand {
        @Option(names = {"-n", "--name"}, required = true)
        String name;
        @Option(names = {"-y", "--yes"}, description = "Accepted for Azure CLI compatibility; Cerulean does not ask.")
        boolean yes;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode r = new EndpointClient(client).deleteOnline(name);
            if (out.isJson()) {
                out.json(r);
            } else {
                out.note("Deleted online endpoint " + name);
            }
            return 0;
        }
    }
}
