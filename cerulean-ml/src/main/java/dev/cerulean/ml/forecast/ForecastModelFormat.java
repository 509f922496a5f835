package dev.cerulean.ml.forecast;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.ml.frame.ColumnKind;
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
 * How {@link dev.cerulean.ml.pkg.ModelPackage} saves a {@link ForecastModel} ({@code model_type: forecaster}):
 * {@code forecaster.json} holds the settings, the training series and each component's parameters; a lag
 * model's regression model is stored as a single Cerulean model under {@code components/<i>/}.
 */
public final class ForecastModelFormat implements ModelFormat {
    @Override
    public String modelType() {
        return "forecaster";
    }

    @Override
    public boolean supports(Model model) {
        return model instanceof ForecastModel;
    }

    @Override
    public Map<String, Object> write(Model model, PackageWriter out) throws IOException {
        ForecastModel f = (ForecastModel) model;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("target", f.target());
        json.put("time_column", f.timeColumn());
        json.put("id_columns", f.idColumns());
        Map<String, String> kinds = new LinkedHashMap<>();
        f.idKinds().forEach((k, v) -> kinds.put(k, v.wireName()));
        json.put("id_kinds", kinds);
        Map<String, Object> freq = new LinkedHashMap<>();
        freq.put("unit", f.frequency().unit().name());
        freq.put("multiple", f.frequency().multiple());
        freq.put("month_end", f.frequency().monthEnd());
        freq.put("alias", f.frequency().alias());
        json.put("frequency", freq);
        json.put("seasonality", f.seasonality());
        json.put("horizon", f.horizon());
        List<Map<String, Object>> series = new ArrayList<>();
        for (TimeSeriesData.Series s : f.series()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("start", s.start());
            m.put("values", s.values());
            m.put("imputed", s.imputed());
            series.add(m);
        }
        json.put("series", series);
        List<Map<String, Object>> comps = new ArrayList<>();
        for (int i = 0; i < f.components().size(); i++) {
            ForecastModel.Component c = f.components().get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", c.method());
            m.put("weight", c.weight());
            if (c.lag() == null) {
                m.put("params", c.params());
            } else {
                LagModel lag = c.lag();
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("learner", lag.spec().learner());
                spec.put("hyperparameters", lag.spec().hyperparameters());
                spec.put("lags", lag.spec().lags());
                spec.put("window", lag.spec().window());
                spec.put("local_scale", lag.spec().localScale());
                m.put("lag_spec", spec);
                m.put("keys", lag.keys());
                m.put("series_scale", lag.seriesScale());
                m.put("model", out.cerulean(lag.model(), "components/" + i + "/"));
            }
            comps.add(m);
        }
        json.put("components", comps);
        out.json("forecaster.json", json);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("target", f.target());
        attrs.put("learner", f.algorithm());
        attrs.put("time_column", f.timeColumn());
        attrs.put("frequency", f.frequency().alias());
        attrs.put("model_data", "forecaster.json");
        return attrs;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Model read(PackageReader in, Map<String, Object> flavor) {
        Map<String, Object> json = in.json(String.valueOf(flavor.getOrDefault("model_data", "forecaster.json")), Map.class,
                "cerulean.model_data");
        try {
            Map<String, Object> fr = (Map<String, Object>) json.get("frequency");
            Frequency frequency = new Frequency(Frequency.Unit.valueOf((String) fr.get("unit")), ((Number) fr.get("multiple")).intValue(),
                    Boolean.TRUE.equals(fr.get("month_end")));
            Map<String, ColumnKind> kinds = new LinkedHashMap<>();
            ((Map<String, String>) json.getOrDefault("id_kinds", Map.of())).forEach((k, v) -> kinds.put(k, ColumnKind.parse("id_kinds",
                    v)));
            List<TimeSeriesData.Series> series = new ArrayList<>();
            for (Object o : (List<Object>) json.get("series")) {
                Map<String, Object> m = (Map<String, Object>) o;
                series.add(new TimeSeriesData.Series(((List<Object>) m.get("id")).stream().map(String::valueOf).toList(),
                        ((Number) m.get("start")).longValue(), doubles((List<Object>) m.get("values")),
                        ((Number) m.getOrDefault("imputed", 0)).intValue()));
            }
            List<ForecastModel.Component> comps = new ArrayList<>();
            for (Object o : (List<Object>) json.get("components")) {
                Map<String, Object> m = (Map<String, Object>) o;
                double weight = ((Number) m.get("weight")).doubleValue();
                if (m.get("lag_spec") instanceof Map<?, ?> spec) {
                    Map<String, Object> sp = (Map<String, Object>) spec;
                    LagModel.Spec s = new LagModel.Spec((String) sp.get("learner"), (Map<String, Object>) sp.get("hyperparameters"),
                            ((List<Number>) sp.get("lags")).stream().map(Number::intValue).toList(), ((Number) sp.get("window")).intValue(),
                            Boolean.TRUE.equals(sp.get("local_scale")));
                    LagModel lag = new LagModel(s, frequency, ((List<Object>) m.get("keys")).stream().map(String::valueOf).toList(),
                            doubles((List<Object>) m.get("series_scale")), in.cerulean((Map<String, Object>) m.get("model")));
                    comps.add(new ForecastModel.Component((String) m.get("method"), weight, null, lag));
                } else {
                    List<double[]> params = new ArrayList<>();
                    for (Object p : (List<Object>) m.get("params")) {
                        params.add(doubles((List<Object>) p));
                    }
                    comps.add(new ForecastModel.Component((String) m.get("method"), weight, params, null));
                }
            }
            return new ForecastModel((String) json.get("target"), (String) json.get("time_column"),
                    ((List<Object>) json.get("id_columns")).stream().map(String::valueOf).toList(), kinds, frequency,
                    ((Number) json.get("seasonality")).intValue(), ((Number) json.get("horizon")).intValue(), series, comps,
                    in.provenance(flavor));
        } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
            if (e instanceof InvalidParameterException ipe) {
                throw ipe;
            }
            throw new InvalidParameterException("forecaster.json in '" + in.dir() + "' is not valid: " + e, "cerulean.model_data");
        }
    }

    private static double[] doubles(List<Object> list) {
        double[] d = new double[list.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) list.get(i)).doubleValue();
        }
        return d;
    }
}
