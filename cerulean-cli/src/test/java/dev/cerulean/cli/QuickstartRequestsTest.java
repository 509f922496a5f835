package dev.cerulean.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CeruleanException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartRequestsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final List<String[]> SIGNATURE = List.of(new String[] {"age", "long"}, new String[] {"job", "string"},
            new String[] {"score", "double"});

    @TempDir
    Path dir;

    Path csv(String content) throws IOException {
        return Files.writeString(dir.resolve("t.csv"), content);
    }

    @Nested
    class Rows {
        @Test
        void skipsRowsWithMissingValuesAndTakesEachLabelInTurn() throws IOException {
            Path f = csv("age,job,score,label\n30,a,1.5,no\n31,,2.5,no\n32,\"b, c\",3,no\n40,d,4,yes\n41,e,5,yes\n");

            QuickstartRequests r = QuickstartRequests.from(f, "label", 3, SIGNATURE);

            assertThat(r.rows()).isEqualTo(3);
            assertThat(r.actual()).containsExactly("no", "yes", "no");
            JsonNode body = read(r.mlflow()).get("dataframe_split");
            assertThat(body.get("columns").toString()).isEqualTo("[\"age\",\"job\",\"score\"]");
            assertThat(body.get("data").toString()).isEqualTo("[[30,\"a\",1.5],[40,\"d\",4.0],[32,\"b, c\",3.0]]");
        }

        @Test
        void namesASignatureColumnTheFileLacks() throws IOException {
            Path f = csv("age,job\n30,a\n");

            assertThatThrownBy(() -> QuickstartRequests.from(f, null, 3, SIGNATURE)).isInstanceOf(CeruleanException.class)
                    .hasMessageContaining("'score'");
        }

        @Test
        void refusesAFileWithoutACompleteRow() throws IOException {
            Path f = csv("age,job,score\n30,,1\n");

            assertThatThrownBy(() -> QuickstartRequests.from(f, null, 3, SIGNATURE)).hasMessageContaining("no row without missing values");
        }
    }

    @Nested
    class Protocols {
        @Test
        void writesTheSameRowsInEachProtocol() throws IOException {
            QuickstartRequests r = QuickstartRequests.from(csv("age,job,score\n30,a,1.5\n40,d,4\n"), null, 5, SIGNATURE);

            JsonNode azure = read(r.azureMl()).get("input_data");
            assertThat(azure.get("index").toString()).isEqualTo("[0,1]");
            assertThat(azure.get("data").toString()).isEqualTo("[[30,\"a\",1.5],[40,\"d\",4.0]]");
            JsonNode oip = read(r.openInference()).get("inputs");
            assertThat(oip).hasSize(3);
            assertThat(oip.get(0).toString()).isEqualTo("{\"name\":\"age\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[30,40]}");
            assertThat(oip.get(1).get("datatype").asText()).isEqualTo("BYTES");
            assertThat(oip.get(2).get("datatype").asText()).isEqualTo("FP64");
        }

        @Test
        void readsPredictionsFromEachAnswer() throws IOException {
            assertThat(QuickstartRequests.predictions("azure", JSON.readTree("[{\"prediction\": \"a\"}, {\"prediction\": \"b\"}]"), 2))
                    .containsExactly("a", "b");
            assertThat(QuickstartRequests.predictions("mlflow", JSON.readTree("{\"predictions\": [{\"prediction\": 1}, {\"prediction\": 0}]}"), 2))
                    .containsExactly("1", "0");
            assertThat(QuickstartRequests.predictions("oip", JSON.readTree("{\"outputs\": [{\"name\": \"predict_proba\", \"data\": [0.1]}, "
                    + "{\"name\": \"predict\", \"data\": [\"x\", \"y\"]}]}"), 2)).containsExactly("x", "y");
        }

        @Test
        void refusesAnAnswerWithTheWrongNumberOfPredictions() throws IOException {
            assertThatThrownBy(() -> QuickstartRequests.predictions("MLflow", JSON.readTree("{\"predictions\": [1]}"), 2))
                    .hasMessageContaining("MLflow answered 1 predictions for 2 rows");
        }
    }

    static JsonNode read(byte[] body) throws IOException {
        return JSON.readTree(body);
    }
}
