package dev.cerulean.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every protocol answers its errors in its own format, byte for byte what its clients parse: Cerulean's
 * {@code {"error": {code, message, target, details}}}, MLflow's {@code {error_code, message}} (with the
 * tracking server's codes on the REST API and the scoring server's on {@code /invocations}), Azure ML's
 * {@code /score} (Cerulean's body) and the Open Inference Protocol's {@code {"error": "..."}}; the scoring
 * routes challenge a missing key with {@code WWW-Authenticate: Bearer}.
 */
class ErrorFormatsTest {
    @RegisterExtension
    static final TestServer server = new TestServer();
    static String auth;

    static final String ROW = "{\"input_data\": {\"columns\": [\"age\", \"hours\", \"workclass\"], \"data\": [[40, 45.5, \"self\"]]}}";

    @BeforeAll
    static void deploy() throws Exception {
        server.register("income", TestModel.incomePackage());
        assertThat(server.post("/api/v1/online-endpoints", "{\"name\": \"ep\"}").status()).isEqualTo(201);
        assertThat(server.post("/api/v1/online-endpoints/ep/deployments", "{\"name\": \"blue\", \"model\": \"azureml:income:1\"}").status())
                .isEqualTo(201);
        assertThat(server.send("PATCH", "/api/v1/online-endpoints/ep", "{\"traffic\": {\"blue\": 100}}").status()).isEqualTo(200);
        auth = "Bearer " + server.get("/api/v1/online-endpoints/ep/keys").json().get("primary_key").asText();
    }

    static void assertAnswer(TestServer.Response r, int status, String body) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.header("content-type")).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo(body);
    }

    @Nested
    class CeruleanApi {
        @Test
        void aServiceErrorCarriesItsCodeMessageAndTarget() {
            assertAnswer(server.get("/api/v1/data/nope/versions/1"), 404,
                    "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"data asset 'nope' does not exist\",\"target\":\"name\"}}");
        }

        @Test
        void anErrorListingSeveralProblemsHasDetails() {
            assertAnswer(server.post("/api/v1/specs/validate", "{\"kind\": \"data\", \"spec\": {\"name\": \"x\", \"type\": \"bogus\"}}"), 400,
                    "{\"error\":{\"code\":\"INVALID_SPEC\",\"message\":\"spec has 2 problems: type: 'bogus' is not allowed here: expected one "
                            + "of uri_file, uri_folder, mltable; path: 'path' is required\",\"target\":\"type\",\"details\":[\"type: 'bogus' is "
                            + "not allowed here: expected one of uri_file, uri_folder, mltable\",\"path: 'path' is required\"]}}");
        }

        @Test
        void malformedJsonNamesWhereItBreaks() {
            assertAnswer(server.post("/api/v1/data", "{nope", "Content-Type", "application/json"), 400,
                    "{\"error\":{\"code\":\"INVALID_PARAMETER\",\"message\":\"the request body is not valid JSON at line 1, column 2: "
                            + "Unexpected character ('n' (code 110)): was expecting double-quote to start field name\",\"target\":\"body\"}}");
            assertAnswer(server.post("/api/v1/data", "[1]"), 400,
                    "{\"error\":{\"code\":\"INVALID_PARAMETER\",\"message\":\"the request body must be a JSON object\",\"target\":\"body\"}}");
        }

        @Test
        void aBadQueryParameterIsNamed() {
            assertAnswer(server.get("/api/v1/audit?limit=abc"), 400, "{\"error\":{\"code\":\"INVALID_PARAMETER\",\"message\":\"query "
                    + "parameter 'limit' value 'abc' is not an integer from 1 to 10000\",\"target\":\"limit\"}}");
        }

        @Test
        void unknownRoutesAre404AndWrongMethods405() {
            assertAnswer(server.get("/api/v1/nothing"), 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Endpoint GET /api/v1/nothing "
                    + "not found\"}}");
            assertAnswer(server.get("/nothing"), 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Endpoint GET /nothing not found\"}}");
            assertAnswer(server.send("DELETE", "/api/v1/workspace", null), 405, "{\"error\":{\"code\":\"METHOD_NOT_ALLOWED\",\"message\":"
                    + "\"method DELETE is not allowed on /api/v1/workspace\"}}");
        }
    }

    @Nested
    class MlflowApi {
        @Test
        void codesAreMlflowsOnEveryPrefix() {
            String body = "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"No Experiment with id=999 exists\"}";
            assertAnswer(server.get("/api/2.0/mlflow/experiments/get?experiment_id=999"), 404, body);
            assertAnswer(server.get("/ajax-api/2.0/mlflow/experiments/get?experiment_id=999"), 404, body);
            assertAnswer(server.get("/api/2.0/preview/mlflow/experiments/get?experiment_id=999"), 404, body);
            assertAnswer(server.post("/api/2.0/mlflow/experiments/create", "{\"name\": \"Default\"}"), 400,
                    "{\"error_code\":\"RESOURCE_ALREADY_EXISTS\",\"message\":\"Experiment 'Default' already exists.\"}");
            assertAnswer(server.get("/api/2.0/mlflow-artifacts/artifacts/nope/x.txt"), 404,
                    "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"artifact 'nope/x.txt' does not exist\"}");
        }

        @Test
        void aBodyThatIsNotJsonIsMalformedRequest() {
            assertAnswer(server.post("/api/2.0/mlflow/runs/create", "{nope", "Content-Type", "application/json"), 400,
                    "{\"error_code\":\"MALFORMED_REQUEST\",\"message\":\"Malformed request: the body is not valid JSON: Unexpected character "
                            + "('n' (code 110)): was expecting double-quote to start field name\"}");
            assertAnswer(server.post("/api/2.0/mlflow/runs/create", "[1]"), 400,
                    "{\"error_code\":\"MALFORMED_REQUEST\",\"message\":\"Malformed request: the body must be a JSON object\"}");
        }

        @Test
        void anUnknownOperationIsEndpointNotFound() {
            assertAnswer(server.get("/api/2.0/mlflow/nothing"), 404,
                    "{\"error_code\":\"ENDPOINT_NOT_FOUND\",\"message\":\"No API endpoint GET /api/2.0/mlflow/nothing\"}");
        }

        @Test
        void aWrongMethodIs405() {
            assertAnswer(server.get("/api/2.0/mlflow/runs/create"), 405,
                    "{\"error_code\":\"BAD_REQUEST\",\"message\":\"method GET is not allowed on /api/2.0/mlflow/runs/create\"}");
        }
    }

    @Nested
    class AzureScore {
        @Test
        void errorsAreCeruleansBody() {
            assertAnswer(server.post("/endpoints/nope/score", "{}"), 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"online endpoint "
                    + "'nope' does not exist\",\"target\":\"endpoint\"}}");
            assertAnswer(server.post("/endpoints/ep/score", "{\"input_data\": {\"columns\": [\"agex\"], \"data\": [[1]]}}", "Authorization",
                    auth), 400, "{\"error\":{\"code\":\"INVALID_PARAMETER\",\"message\":\"unexpected column 'agex': the model does not take "
                    + "it; did you mean 'age'?; its columns are age, hours, workclass\",\"target\":\"agex\"}}");
            assertAnswer(server.post("/endpoints/ep/score", "a,b", "Authorization", auth, "Content-Type", "text/plain"), 415,
                    "{\"error\":{\"code\":\"UNSUPPORTED_MEDIA_TYPE\",\"message\":\"Content-Type 'text/plain' is not supported here; send "
                            + "application/json\",\"target\":\"Content-Type\"}}");
            assertAnswer(server.post("/endpoints/ep/score", ROW, "Authorization", auth, "azureml-model-deployment", "green"), 404,
                    "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"endpoint 'ep' has no deployment 'green'; its deployments are blue\","
                            + "\"target\":\"azureml-model-deployment\"}}");
            assertAnswer(server.get("/endpoints/nope/ping"), 404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"online endpoint 'nope' "
                    + "does not exist\",\"target\":\"name\"}}");
        }

        @Test
        void aMissingKeyIsChallenged() {
            TestServer.Response r = server.post("/endpoints/ep/score", ROW);
            assertAnswer(r, 401, "{\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"endpoint 'ep' needs a key: send the header "
                    + "'Authorization: Bearer <key>' (cerulean online-endpoint get-credentials --name ep)\",\"target\":\"Authorization\"}}");
            assertThat(r.header("www-authenticate")).isEqualTo("Bearer");
        }
    }

    @Nested
    class MlflowInvocations {
        @Test
        void errorsUseTheScoringServersCodes() {
            assertAnswer(server.post("/endpoints/nope/invocations", "{}"), 404,
                    "{\"error_code\":\"RESOURCE_DOES_NOT_EXIST\",\"message\":\"online endpoint 'nope' does not exist\"}");
            assertAnswer(server.post("/endpoints/ep/invocations", "{\"nope\": 1}", "Authorization", auth), 400,
                    "{\"error_code\":\"BAD_REQUEST\",\"message\":\"unknown key 'nope': the body holds exactly one of dataframe_split, "
                            + "dataframe_records, instances, inputs, and optionally params\"}");
            assertAnswer(server.post("/endpoints/ep/invocations", "{nope", "Authorization", auth), 400,
                    "{\"error_code\":\"BAD_REQUEST\",\"message\":\"the request body is not valid JSON at line 1, column 2: Unexpected "
                            + "character ('n' (code 110)): was expecting double-quote to start field name\"}");
        }

        @Test
        void aMissingKeyIsChallenged() {
            TestServer.Response r = server.post("/endpoints/ep/invocations", "{}");
            assertAnswer(r, 401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"endpoint 'ep' needs a key: send the header "
                    + "'Authorization: Bearer <key>' (cerulean online-endpoint get-credentials --name ep)\"}");
            assertThat(r.header("www-authenticate")).isEqualTo("Bearer");
        }
    }

    @Nested
    class OpenInference {
        @Test
        void errorsAreOneMessage() {
            assertAnswer(server.post("/v2/models/nope/infer", "{}"), 404, "{\"error\":\"online endpoint 'nope' does not exist\"}");
            assertAnswer(server.get("/v2/models/nope"), 404, "{\"error\":\"online endpoint 'nope' does not exist\"}");
            assertAnswer(server.get("/v2/models/nope/ready"), 404, "{\"error\":\"online endpoint 'nope' does not exist\"}");
            assertAnswer(server.get("/v2/models/ep/versions/green", "Authorization", auth), 404,
                    "{\"error\":\"endpoint 'ep' has no deployment 'green'\"}");
            assertAnswer(server.post("/v2/models/ep/infer", "{\"inputs\": 3}", "Authorization", auth), 400,
                    "{\"error\":\"'inputs' must be a list, got a number\"}");
        }

        @Test
        void unknownRoutesAnswerInTheProtocolToo() {
            assertAnswer(server.get("/v2/nothing"), 404, "{\"error\":\"Endpoint GET /v2/nothing not found\"}");
        }

        @Test
        void aMissingKeyIsChallenged() {
            for (TestServer.Response r : new TestServer.Response[] {server.post("/v2/models/ep/infer", "{}"), server.get("/v2/models/ep")}) {
                assertAnswer(r, 401, "{\"error\":\"endpoint 'ep' needs a key: send the header 'Authorization: Bearer <key>' (cerulean "
                        + "online-endpoint get-credentials --name ep)\"}");
                assertThat(r.header("www-authenticate")).isEqualTo("Bearer");
            }
        }
    }
}
