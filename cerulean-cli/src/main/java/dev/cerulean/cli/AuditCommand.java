package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
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
            out.table(client.audit(principal, action, limit), List.of("ID", "TIME", "PRINCIPAL", "ACTION", "TARGET", "OUTCOME", "MESSAGE"),
                    e -> List.of(Long.toString(e.id()), e.time().toString(), e.principal(), e.action(), e.target(),
                            e.outcome() + (e.errorCode() != null ? " " + e.errorCode() : ""), Output.text(e.message())));
            return 0;
        }
    }
}
