package dev.cerulean.bench.serving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.ml.frame.Frame;
import dev.cerulean.ml.model.Model;
import dev.cerulean.ml.model.Predictions;
import io.javalin.Javalin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline the online figures are read against: the same HTTP stack (Javalin on Jetty, default
 * settings) with nothing of Cerulean's between the socket and the model. {@code GET /health} answers a
 * constant; {@code POST /score} parses Azure ML's split orient with Jackson, builds the frame, calls
 * {@code Model.predict} and writes the records: what any HTTP server calling LightGBM has to do.
 */
final class BareServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final byte[] HEALTH = "{\"status\":\"ok\"}".getBytes(StandardCharsets.UTF_8);

    private final Javalin app;

    private BareServer(Javalin app) {
        this.app = app;
    }

    static BareServer start(Model model) {
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        app.get("/health", ctx -> ctx.contentType("application/json").result(HEALTH));
        app.post("/score", ctx -> {
            JsonNode split = JSON.readTree(ctx.bodyAsBytes()).get("input_data");
            List<String> columns = new ArrayList<>();
            split.get("columns").forEach(c -> columns.add(c.asText()));
            List<Object[]> rows = new ArrayList<>();
            for (JsonNode r : split.get("data")) {
                Object[] row = new Object[columns.size()];
                for (int i = 0; i < row.length; i++) {
                    JsonNode v = r.get(i);
                    row[i] = v.isNumber() ? (Object) v.asDouble() : v.asText();
                }
                rows.add(row);
            }
            Predictions p = model.predict(Frame.fromRows(columns, rows, model.signature().inputKinds()));
            ctx.contentType("application/json").result(records(p));
        });
        app.start("127.0.0.1", 0);
        return new BareServer(app);
    }

    private static byte[] records(Predictions p) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartArray();
            for (int i = 0; i < p.size(); i++) {
                g.writeStartObject();
                g.writeStringField(Predictions.PREDICTION, p.label(i));
                for (int c = 0; c < p.classes().size(); c++) {
                    g.writeNumberField(Predictions.PROBABILITY_PREFIX + p.classes().get(c), p.probability(i, c));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    String url() {
        return "http://127.0.0.1:" + app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
