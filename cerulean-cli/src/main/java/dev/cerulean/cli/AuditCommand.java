package dev.cerulean.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.client.CeruleanClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cerulean audit list}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "The audit log of mutating requests.",
        subcommands = {AuditCommand.ListCmd.class})
public final class AuditCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recent audit events, newest first.")
    static final class ListCmd extends ClientCommand {
        @Option(names = "--principal", description = "Only this caller's events.")
        String principal;
        @Option(names = "--action", description = "Only actions starting with this (e.g. data. or data.create).")
        String action;
        @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        protected int run(CeruleanClient client, Output out) {
            JsonNode page = client.audit(principal, action, limit);
            if (out.isJson()) {
                out.json(page);
                return 0;
            }
            List<List<String>> rows = new ArrayList<>();
            for (JsonNode e : page.path("items")) {
                String outcome = e.get("outcome").asText();
                if (e.hasNonNull("error_code")) {
                    outcome += " " + e.get("error_code").asText();
                }
                rows.add(List.of(e.get("id").asText(), e.get("time").asText(), e.get("principal").asText(), e.get("action").asText(),
                        e.get("target").asText(), outcome, e.path("message").asText("")));
            }
            out.table(List.of("ID", "TIME", "PRINCIPAL", "ACTION", "TARGET", "OUTCOME", "MESSAGE"), rows);
            return 0;
        }
    }
}
