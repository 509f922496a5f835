package dev.cerulean.cli;

import dev.cerulean.client.CeruleanClient;
import dev.cerulean.client.RunSearch;
import dev.cerulean.client.Typed;
import dev.cerulean.core.tracking.Experiment;
import dev.cerulean.core.tracking.PageOf;
import dev.cerulean.core.tracking.Run;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cerulean experiment list|show}. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Experiments (MLflow's).",
        subcommands = {ExperimentCommand.ListCmd.class, ExperimentCommand.Show.class})
public final class ExperimentCommand {
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List experiments.")
    static final class ListCmd extends ClientCommand {
        @Option(names = "--filter", description = "MLflow filter, e.g. \"name LIKE 'churn%'\".")
        String filter;
        @Option(names = "--all", description = "Include deleted experiments.")
        boolean all;

        @Override
        protected int run(CeruleanClient client, Output out) {
            out.print(client.tracking().searchExperiments(filter, all, 1000), page -> out.table(List.of("ID", "NAME", "STAGE", "CREATED",
                    "ARTIFACTS"), page.items().stream().map(e -> List.of(e.id(), e.name(), e.lifecycleStage(), Mlflow.time(e.creationTime()),
                    Output.text(e.artifactLocation()))).toList()));
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show an experiment and its latest runs.")
    static final class Show extends ClientCommand {
        @Parameters(paramLabel = "NAME_OR_ID")
        String experiment;

        @Override
        protected int run(CeruleanClient client, Output out) {
            String id = Mlflow.experimentId(client, experiment);
            Typed<Experiment> e = client.tracking().experiment(id);
            Typed<PageOf<Run>> runs = client.tracking().searchRuns(RunSearch.in(id).withMaxResults(20));
            if (out.isJson()) {
                var o = client.json().createObjectNode();
                o.set("experiment", e.json());
                o.set("runs", runs.json().path("runs"));
                out.json(o);
                return 0;
            }
            Experiment x = e.value();
            List<String[]> f = new ArrayList<>();
            f.add(new String[] {"id", x.id()});
            f.add(new String[] {"name", x.name()});
            f.add(new String[] {"stage", x.lifecycleStage()});
            f.add(new String[] {"artifacts", Output.text(x.artifactLocation())});
            f.add(new String[] {"created", Mlflow.time(x.creationTime())});
            f.add(new String[] {"tags", Mlflow.sorted(x.tags()).toString()});
            out.fields(f);
            out.line("");
            RunCommand.printRuns(runs.value().items(), out);
            return 0;
        }
    }
}
