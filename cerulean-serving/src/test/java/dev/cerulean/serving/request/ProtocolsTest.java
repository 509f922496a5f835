package dev.cerulean.serving.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.ErrorCode;
import dev.cerulean.serving.ServedModel;
import dev.cerulean.serving.ServingLimits;
import dev.cerulean.serving.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProtocolsTest {
    static final ServingLimits LIMITS = new ServingLimits(100, 1 << 20);
    static final ServedModel CLASSIFIER = new ServedModel("ep", "blue", "income", 1, TestModels.classifier());
    static final ServedModel REGRESSOR = new ServedModel("ep", "green", "hours", 2, TestModels.regressor());

    static JsonNode json(byte[] b) {
        try {
            return Json.MAPPER.readTree(b);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static <P> JsonNode score(ScoringProtocol<P> protocol, String body, ServedModel model) {
        return json(protocol.score(protocol.parse("application/json", body.getBytes(StandardCharsets.UTF_8)), model, LIMITS).body());
    }

    static <P> ThrowableAssert.ThrowingCallable call(ScoringProtocol<P> protocol, String body) {
        return () -> protocol.score(protocol.parse("application/json", body.getBytes(StandardCharsets.UTF_8)), CLASSIFIER, LIMITS);
    }

    static void refused(ThrowableAssert.ThrowingCallable call, ErrorCode code, String target, String... words) {
        assertThatThrownBy(call).isInstanceOfSatisfying(CeruleanException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
            assertThat(e.target()).as(e.getMessage()).isEqualTo(target);
            for (String w : words) {
                assertThat(e.getMessage()).contains(w);
            }
        });
    }

    @Nested
    class AzureScore {
        @Test
        void scoresTheSplitOrientAndAnswersRecordsWithProbabilities() {
            JsonNode out = score(AzureScoring.INSTANCE, """
                    {"input_data": {"columns": ["age", "hours", "workclass"], "index": [0, 1],
                     "data": [[60, 55.5, "self"], [20, 12, "private"]]}}""", CLASSIFIER);

            assertThat(out).hasSize(2);
            assertThat(out.get(0).get("prediction").asText()).isEqualTo(">50K");
            assertThat(out.get(1).get("prediction").asText()).isEqualTo("<=50K");
            assertThat(out.get(0).get("probability_>50K").asDouble() + out.get(0).get("probability_<=50K").asDouble()).isEqualTo(1.0,
                    org.assertj.core.data.Offset.offset(1e-9));
        }

        @Test
        void scoresTensorsRecordsAndNamedColumnsAlike() {
            JsonNode split = score(AzureScoring.INSTANCE, "{\"input_data\": {\"columns\": [\"workclass\", \"age\", \"hours\"], \"data\": "
                    + "[[\"self\", 45, 40]]}}", CLASSIFIER);
            JsonNode tensor = score(AzureScoring.INSTANCE, "{\"input_data\": [[45, 40, \"self\"]]}", CLASSIFIER);
            JsonNode records = score(AzureScoring.INSTANCE, "{\"input_data\": [{\"hours\": 40, \"age\": 45, \"workclass\": \"self\"}]}",
                    CLASSIFIER);
            JsonNode columns = score(AzureScoring.INSTANCE, "{\"input_data\": {\"age\": [45], \"hours\": [40], \"workclass\": [\"self\"]}}",
                    CLASSIFIER);
            JsonNode legacy = score(AzureScoring.INSTANCE, "{\"data\": [[45, 40, \"self\"]]}", CLASSIFIER);

            assertThat(tensor).isEqualTo(split);
            assertThat(records).isEqualTo(split);
            assertThat(columns).isEqualTo(split);
            assertThat(legacy).isEqualTo(split);
        }

        @Test
        void answersRegressionValues() {
            JsonNode out = score(AzureScoring.INSTANCE, "{\"input_data\": [{\"age\": 30, \"workclass\": \"public\"}]}", REGRESSOR);

            assertThat(out.get(0).get("prediction").isNumber()).isTrue();
            assertThat(out.get(0).size()).isEqualTo(1);
        }

        @Test
        void namesTheMissingColumn() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [{\"age\": 30, \"workclass\": \"self\"}]}"), ErrorCode.INVALID_PARAMETER,
                    "hours", "missing column 'hours'");
        }

        @Test
        void refusesAnUnexpectedColumnSuggestingTheNearestOne() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [{\"age\": 30, \"hour\": 40, \"workclass\": \"self\"}]}"),
                    ErrorCode.INVALID_PARAMETER, "hour", "unexpected column 'hour'", "did you mean 'hours'");
        }

        @Test
        void namesColumnAndRowOfTextInANumericColumn() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [[30, 40, \"self\"], [\"old\", 40, \"self\"]]}"),
                    ErrorCode.INVALID_PARAMETER, "age", "column 'age' row 1", "'old'");
        }

        @Test
        void refusesAFractionInAnIntegerColumnAndABooleanInANumericOne() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [[30.5, 40, \"self\"]]}"), ErrorCode.INVALID_PARAMETER, "age",
                    "not an integer");
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [[30, true, \"self\"]]}"), ErrorCode.INVALID_PARAMETER, "hours",
                    "not a number");
        }

        @Test
        void refusesAListInACell() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [[30, [40], \"self\"]]}"), ErrorCode.INVALID_PARAMETER, "hours",
                    "row 0", "a list is not a value");
        }

        @Test
        void refusesRowsOfTheWrongLengthNamingTheOrder() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [[30, 40]]}"), ErrorCode.INVALID_PARAMETER, "input_data",
                    "row 0 has 2 values", "age, hours, workclass");
        }

        @Test
        void refusesMoreRowsThanTheLimitWith413() {
            StringBuilder rows = new StringBuilder();
            for (int i = 0; i < 101; i++) {
                rows.append(i == 0 ? "" : ",").append("[30, 40, \"self\"]");
            }
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [" + rows + "]}"), ErrorCode.PAYLOAD_TOO_LARGE, "max_rows",
                    "101 rows", "at most 100");
        }

        @Test
        void refusesABodyWithoutInputData() {
            refused(call(AzureScoring.INSTANCE, "{\"inputs\": [[30, 40, \"self\"]]}"), ErrorCode.INVALID_PARAMETER, "input_data",
                    "no 'input_data'");
            refused(call(AzureScoring.INSTANCE, "[1, 2]"), ErrorCode.INVALID_PARAMETER, "input_data", "JSON object");
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": []}"), ErrorCode.INVALID_PARAMETER, "input_data", "no rows");
        }

        @Test
        void refusesMalformedJsonNamingLineAndColumn() {
            refused(call(AzureScoring.INSTANCE, "{\"input_data\": [[30, 40,"), ErrorCode.INVALID_PARAMETER, "body", "not valid JSON",
                    "line 1");
            refused(call(AzureScoring.INSTANCE, ""), ErrorCode.INVALID_PARAMETER, "body", "empty");
        }

        @Test
        void refusesOtherMediaTypesWith415() {
            refused(() -> AzureScoring.INSTANCE.parse("text/plain", "{}".getBytes(StandardCharsets.UTF_8)), ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type");
            refused(() -> AzureScoring.INSTANCE.parse("application/json; charset=latin1", "{}".getBytes(StandardCharsets.UTF_8)),
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type", "UTF-8");
        }
    }

    @Nested
    class MlflowInvocations {
        @Test
        void scoresEveryJsonFormatTheSame() {
            JsonNode split = score(MlflowScoring.INSTANCE, "{\"dataframe_split\": {\"columns\": [\"age\", \"hours\", \"workclass\"], "
                    + "\"data\": [[45, 40, \"self\"], [22, 20, \"public\"]]}}", CLASSIFIER);
            JsonNode records = score(MlflowScoring.INSTANCE, "{\"dataframe_records\": [{\"age\": 45, \"hours\": 40, \"workclass\": \"self\"},"
                    + "{\"age\": 22, \"hours\": 20, \"workclass\": \"public\"}]}", CLASSIFIER);
            JsonNode instances = score(MlflowScoring.INSTANCE, "{\"instances\": [[45, 40, \"self\"], [22, 20, \"public\"]], \"params\": {}}",
                    CLASSIFIER);
            JsonNode inputs = score(MlflowScoring.INSTANCE, "{\"inputs\": {\"age\": [45, 22], \"hours\": [40, 20], \"workclass\": "
                    + "[\"self\", \"public\"]}}", CLASSIFIER);

            assertThat(split.get("predictions")).hasSize(2);
            assertThat(records).isEqualTo(split);
            assertThat(instances).isEqualTo(split);
            assertThat(inputs).isEqualTo(split);
        }

        @Test
        void scoresCsvWithAHeaderAndQuotedFields() {
            byte[] csv = "age,hours,workclass\r\n45,40,\"self\"\n22,,\"pub\"\"lic, x\"\n".getBytes(StandardCharsets.UTF_8);
            ScoringOutput out = MlflowScoring.INSTANCE.score(MlflowScoring.INSTANCE.parse("text/csv; charset=utf-8", csv), CLASSIFIER, LIMITS);

            assertThat(json(out.body()).get("predictions")).hasSize(2);
            assertThat(out.input().rows().get(1)[2]).isEqualTo("pub\"lic, x");
            assertThat(out.input().rows().get(1)[1]).isNull();
        }

        @Test
        void refusesNoneOrSeveralInputKeys() {
            refused(call(MlflowScoring.INSTANCE, "{\"params\": {}}"), ErrorCode.INVALID_PARAMETER, "body", "exactly one of");
            refused(call(MlflowScoring.INSTANCE, "{\"inputs\": [[1, 2, \"a\"]], \"instances\": [[1, 2, \"a\"]]}"),
                    ErrorCode.INVALID_PARAMETER, "instances", "exactly one of", "inputs, instances");
            refused(call(MlflowScoring.INSTANCE, "{\"dataframe_splt\": {}}"), ErrorCode.INVALID_PARAMETER, "dataframe_splt",
                    "unknown key");
            refused(call(MlflowScoring.INSTANCE, "{\"inputs\": [[45, 40, \"self\"]], \"params\": [1]}"), ErrorCode.INVALID_PARAMETER,
                    "params", "must be an object");
        }

        @Test
        void refusesABadCsvNamingTheLine() {
            refused(() -> MlflowScoring.INSTANCE.parse("text/csv", "age,hours,workclass\n45,40\n".getBytes(StandardCharsets.UTF_8)),
                    ErrorCode.INVALID_PARAMETER, "body", "CSV line 2");
            refused(() -> MlflowScoring.INSTANCE.parse("text/csv", "age,hours\n\"45,40\n".getBytes(StandardCharsets.UTF_8)),
                    ErrorCode.INVALID_PARAMETER, "body", "not closed");
            refused(() -> MlflowScoring.INSTANCE.parse("application/xml", "<a/>".getBytes(StandardCharsets.UTF_8)),
                    ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type");
        }
    }

    @Nested
    class OpenInferenceInfer {
        @Test
        void scoresOneTensorOfRowsAsBytes() {
            JsonNode out = score(OpenInference.INSTANCE, """
                    {"id": "r1", "inputs": [{"name": "input-0", "shape": [2, 3], "datatype": "BYTES",
                     "data": ["60", "55.5", "self", "20", "12", "private"]}]}""", CLASSIFIER);

            assertThat(out.get("model_name").asText()).isEqualTo("ep");
            assertThat(out.get("model_version").asText()).isEqualTo("blue");
            assertThat(out.get("id").asText()).isEqualTo("r1");
            JsonNode predict = out.get("outputs").get(0);
            assertThat(predict.get("name").asText()).isEqualTo("predict");
            assertThat(predict.get("datatype").asText()).isEqualTo("BYTES");
            assertThat(predict.get("shape")).containsExactly(Json.MAPPER.valueToTree(2));
            assertThat(predict.get("data").get(0).asText()).isEqualTo(">50K");
            JsonNode proba = out.get("outputs").get(1);
            assertThat(proba.get("name").asText()).isEqualTo("predict_proba");
            assertThat(proba.get("shape").get(1).asInt()).isEqualTo(2);
            assertThat(proba.get("data")).hasSize(4);
            assertThat(proba.get("parameters").get("classes").asText()).isEqualTo("[\"<=50K\",\">50K\"]");
        }

        @Test
        void scoresOneTensorPerColumnWithNestedData() {
            JsonNode columns = score(OpenInference.INSTANCE, """
                    {"inputs": [
                      {"name": "age", "shape": [2], "datatype": "INT64", "data": [60, 20]},
                      {"name": "hours", "shape": [2, 1], "datatype": "FP64", "data": [[55.5], [12]]},
                      {"name": "workclass", "shape": [2], "datatype": "BYTES", "data": ["self", "private"]}],
                     "outputs": [{"name": "predict"}]}""", CLASSIFIER);

            assertThat(columns.get("outputs")).hasSize(1);
            assertThat(columns.get("outputs").get(0).get("data").get(0).asText()).isEqualTo(">50K");
            assertThat(columns.get("outputs").get(0).get("data").get(1).asText()).isEqualTo("<=50K");
        }

        @Test
        void regressionAnswersFp64() {
            JsonNode out = score(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "age", "shape": [1], "datatype": "INT32", "data": [30]},
                                {"name": "workclass", "shape": [1], "datatype": "BYTES", "data": ["public"]}]}""", REGRESSOR);

            assertThat(out.get("outputs")).hasSize(1);
            assertThat(out.get("outputs").get(0).get("datatype").asText()).isEqualTo("FP64");
        }

        @Test
        void refusesADatatypeThatDoesNotFitTheColumn() {
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "age", "shape": [1], "datatype": "BYTES", "data": ["60"]},
                                {"name": "hours", "shape": [1], "datatype": "FP64", "data": [55.5]},
                                {"name": "workclass", "shape": [1], "datatype": "BYTES", "data": ["self"]}]}"""),
                    ErrorCode.INVALID_PARAMETER, "age", "datatype BYTES", "send INT64");
        }

        @Test
        void refusesValuesThatAreNotTheirDatatype() {
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "age", "shape": [1], "datatype": "INT64", "data": [60.5]}]}"""), ErrorCode.INVALID_PARAMETER, "age",
                    "element 0", "not a INT64 value");
        }

        @Test
        void refusesAShapeThatDoesNotMatchTheData() {
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "x", "shape": [2, 3], "datatype": "BYTES", "data": ["1", "2", "self"]}]}"""),
                    ErrorCode.INVALID_PARAMETER, "x", "has 3 values but its shape [2, 3] needs 6");
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "x", "shape": [1, 2], "datatype": "BYTES", "data": ["1", "2"]}]}"""),
                    ErrorCode.INVALID_PARAMETER, "x", "the model takes 3 columns");
        }

        @Test
        void refusesUnknownInputsOutputsAndDatatypes() {
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "agee", "shape": [1], "datatype": "INT64", "data": [60]}]}"""), ErrorCode.INVALID_PARAMETER, "agee",
                    "unexpected input 'agee'");
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "age", "shape": [1], "datatype": "INT128", "data": [60]}]}"""), ErrorCode.INVALID_PARAMETER, "age",
                    "not an OIP datatype");
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "age", "shape": [1], "datatype": "INT64", "data": [60]}], "outputs": [{"name": "proba"}]}"""),
                    ErrorCode.INVALID_PARAMETER, "outputs", "unknown output 'proba'");
            refused(call(OpenInference.INSTANCE, "{\"id\": \"x\"}"), ErrorCode.INVALID_PARAMETER, "inputs", "'inputs' is required");
        }

        @Test
        void missingColumnsAreNamedLikeInTheOtherProtocols() {
            refused(call(OpenInference.INSTANCE, """
                    {"inputs": [{"name": "age", "shape": [1], "datatype": "INT64", "data": [60]}]}"""), ErrorCode.INVALID_PARAMETER, "hours",
                    "missing columns 'hours', 'workclass'");
        }

        @Test
        void describesTheModelWithDatatypesAndClasses() {
            JsonNode m = json(OpenInference.metadata("ep", java.util.List.of("blue", "green"), CLASSIFIER));

            assertThat(m.get("versions")).hasSize(2);
            assertThat(m.get("inputs")).extracting(i -> i.get("name").asText() + ":" + i.get("datatype").asText())
                    .containsExactly("age:INT64", "hours:FP64", "workclass:BYTES");
            assertThat(m.get("outputs").get(1).get("shape").get(1).asInt()).isEqualTo(2);
        }
    }
}
