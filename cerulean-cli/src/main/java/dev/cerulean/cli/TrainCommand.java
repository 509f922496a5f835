package dev.cerulean.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cerulean.client.CeruleanClient;
import dev.cerulean.core.ApiJson;
import dev.cerulean.core.spec.SpecKind;
import dev.cerulean.core.spec.SpecParser;
import dev.cerulean.files.LocalSpecFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cerulean train}: the built-in training as a job, from options: cross-validated metrics,
 * charts, feature importance and a model package in its run, registered on request.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a model on a table with the built-in learners (a train job): metrics, charts and a model in its run.")
public final class TrainCommand extends ClientCommand {
    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "A CSV/Parquet file, a folder or MLTable, a data asset (azureml:NAME:VERSION, azureml:NAME@latest) or a datastore URI.")
    String data;
    @Option(names = "--target", required = true, description = "The column to predict.")
    String target;
    @Option(names = "--task", description = "classification or regression (default: inferred from the target).")
    String task;
    @Option(names = "--algorithm", defaultValue = "lightgbm",
            description = "lightgbm, xgboost, random_forest, extra_trees, elastic_net or knn (default: ${DEFAULT-VALUE}).")
    String algorithm;
    @Option(names = {"-p", "--param"}, paramLabel = "KEY=VALUE", description = "A hyperparameter of the learner; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();
    @Option(names = "--cv-folds", description = "Cross-validation folds; 0 for a single holdout split (default: 5).")
    Integer cvFolds;
    @Option(names = "--validation-size", description = "Holdout fraction when --cv-folds 0 (default: 0.2).")
    Double validationSize;
    @Option(names = "--seed", description = "Random seed (default: 42).")
    Long seed;
    @Option(names = "--group-column", description = "Rows sharing a value stay in the same fold.")
    String groupColumn;
    @Option(names = "--features", split = ",", paramLabel = "COL", description = "Only these feature columns (comma-separated).")
    List<String> features;
    @Option(names = "--register", paramLabel = "MODEL", description = "Register the trained model under this name.")
    String register;
    @Option(names = {"-n", "--name"}, description = "The job's name (default: generated).")
    String name;
    @Option(names = "--experiment", description = "Experiment name (default: Default).")
    String experiment;
    @Option(names = "--compute", description = "Compute target (default: local).")
    String compute;
    @Option(names = "--no-wait", description = "Submit and return; follow later with `cerulean job stream`.")
    boolean noWait;

    @Override
    protected int run(CeruleanClient client, Output out) throws Exception {
        ObjectNode spec = ApiJson.create().createObjectNode().put("type", "train").put("data", data).put("target", target)
                .put("algorithm", algorithm);
        putIfSet(spec, "task", task);
        putIfSet(spec, "group_column", groupColumn);
        putIfSet(spec, "register", register);
        putIfSet(spec, "name", name);
        putIfSet(spec, "experiment_name", experiment);
        putIfSet(spec, "compute", compute);
        if (cvFolds != null) {
            spec.put("cv_folds", cvFolds);
        }
        if (validationSize != null) {
            spec.put("validation_size", validationSize);
        }
        if (seed != null) {
            spec.put("seed", seed);
        }
        if (features != null) {
            features.forEach(spec.withArray("feature_columns")::add);
        }
        if (!params.isEmpty()) {
            ObjectNode hp = spec.putObject("hyperparameters");
            params.forEach((k, v) -> Overrides.set(hp, k, v));
        }
        ObjectNode checked = new SpecParser(LocalSpecFiles.INSTANCE).check(spec, "options", Path.of("").toAbsolutePath(), SpecKind.TRAIN_JOB).body();
        return JobCommand.Jobs.submit(client, session, checked, !noWait, out);
    }

    private static void putIfSet(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }
}
