package dev.cerulean.ml.automl;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.model.Provenance;
import dev.cerulean.ml.model.CeruleanModel;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.pkg.ModelFormat;
import dev.cerulean.ml.pkg.PackageReader;
import dev.cerulean.ml.pkg.PackageWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How {@link dev.cerulean.ml.pkg.ModelPackage} saves AutoML's models ({@code model_type} {@code bagged} and
 * {@code ensemble}). Each fold or member model is stored as a single Cerulean model (learner file,
 * provenance) under its own folder; featurizers shared between members are stored once under
 * {@code featurizers/}; {@code bagged.json} / {@code ensemble.json} describe the structure. The composite's own
 * provenance is the package's {@code provenance.json} (written by {@link dev.cerulean.ml.pkg.ModelPackage}); a
 * bagged member of an ensemble has its own beside its folds ({@code members/<i>/provenance.json}).
 */
public final class AutoMlModelFormats {
    private AutoMlModelFormats() {
    }

    static Map<String, Object> writeBagged(BaggedModel b, PackageWriter out, String prefix) throws IOException {
        List<Map<String, Object>> folds = new ArrayList<>();
        for (int f = 0; f < b.folds().size(); f++) {
            folds.add(out.cerulean(b.fold(f), prefix + "fold" + f + "/"));
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("type", "bagged");
        d.put("algorithm", b.algorithm());
        d.put("hyperparameters", b.hyperparameters());
        d.put("folds", folds);
        return d;
    }

    /** A bagged model from its descriptor, with the provenance stored for it (or null). */
    @SuppressWarnings("unchecked")
    static BaggedModel readBagged(PackageReader in, Map<String, Object> d, Provenance provenance) {
        List<CeruleanModel> folds = new ArrayList<>();
        Object fl = d.get("folds");
        if (!(fl instanceof List<?> list) || list.isEmpty()) {
            throw new InvalidParameterException("a bagged model in '" + in.dir() + "' has no folds", "folds");
        }
        for (Object f : list) {
            folds.add(in.cerulean((Map<String, Object>) f));
        }
        return new BaggedModel(folds, String.valueOf(d.get("algorithm")), (Map<String, Object>) d.get("hyperparameters"), provenance);
    }

    /** An ensemble member: a bagged model or a single one, each with the provenance its descriptor names. */
    static Model readMember(PackageReader in, Map<String, Object> d) {
        return "bagged".equals(d.get("type")) ? readBagged(in, d, in.provenance(d)) : in.cerulean(d);
    }

    /** {@code model_type: bagged}. */
    public static final class Bagged implements ModelFormat {
        @Override
        public String modelType() {
            return "bagged";
        }

        @Override
        public boolean supports(Model model) {
            return model instanceof BaggedModel;
        }

        @Override
        public Map<String, Object> write(Model model, PackageWriter out) throws IOException {
            BaggedModel b = (BaggedModel) model;
            out.json("bagged.json", writeBagged(b, out, "folds/"));
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("target", b.target());
            attrs.put("numeric_labels", b.numericLabels());
            attrs.put("learner", b.algorithm());
            attrs.put("folds", b.folds().size());
            attrs.put("model_data", "bagged.json");
            return attrs;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Model read(PackageReader in, Map<String, Object> flavor) {
            Map<String, Object> d = in.json(String.valueOf(flavor.getOrDefault("model_data", "bagged.json")), Map.class,
                    "cerulean.model_data");
            return readBagged(in, d, in.provenance(flavor));
        }
    }

    /** {@code model_type: ensemble}. */
    public static final class Ensemble implements ModelFormat {
        @Override
        public String modelType() {
            return "ensemble";
        }

        @Override
        public boolean supports(Model model) {
            return model instanceof EnsembleModel;
        }

        @Override
        public Map<String, Object> write(Model model, PackageWriter out) throws IOException {
            EnsembleModel e = (EnsembleModel) model;
            List<Map<String, Object>> members = new ArrayList<>();
            for (int m = 0; m < e.members().size(); m++) {
                Model mm = e.members().get(m);
                String prefix = "members/" + m + "/";
                Map<String, Object> d;
                if (mm instanceof BaggedModel b) {
                    d = writeBagged(b, out, prefix);
                    out.provenance(d, prefix, b.provenance());
                } else {
                    d = out.cerulean((CeruleanModel) mm, prefix);
                }
                d.put("name", e.memberNames().get(m));
                members.add(d);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT));
            json.put("members", members);
            if (e.kind() == EnsembleModel.Kind.VOTING) {
                json.put("weights", e.weights());
            } else {
                json.put("meta", out.cerulean(e.meta(), "meta/"));
            }
            out.json("ensemble.json", json);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("target", e.target());
            attrs.put("numeric_labels", e.numericLabels());
            attrs.put("learner", e.algorithm());
            attrs.put("members", e.memberNames());
            attrs.put("model_data", "ensemble.json");
            return attrs;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Model read(PackageReader in, Map<String, Object> flavor) {
            Map<String, Object> json = in.json(String.valueOf(flavor.getOrDefault("model_data", "ensemble.json")), Map.class,
                    "cerulean.model_data");
            List<Model> members = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (Object o : (List<Object>) json.getOrDefault("members", List.of())) {
                Map<String, Object> d = (Map<String, Object>) o;
                members.add(readMember(in, d));
                names.add(String.valueOf(d.get("name")));
            }
            String target = (String) flavor.get("target");
            boolean numeric = Boolean.TRUE.equals(flavor.get("numeric_labels"));
            if ("voting".equals(json.get("kind"))) {
                List<Number> w = (List<Number>) json.get("weights");
                if (w == null || w.size() != members.size()) {
                    throw new InvalidParameterException("ensemble.json in '" + in.dir() + "' has no weight per member", "weights");
                }
                return EnsembleModel.voting(members, names, w.stream().mapToDouble(Number::doubleValue).toArray(), target, numeric,
                        in.provenance(flavor));
            }
            if (!(json.get("meta") instanceof Map<?, ?> meta)) {
                throw new InvalidParameterException("ensemble.json in '" + in.dir() + "' has no meta-learner", "meta");
            }
            return EnsembleModel.stacking(members, names, in.cerulean((Map<String, Object>) meta), target, numeric,
                    in.provenance(flavor));
        }
    }
}
