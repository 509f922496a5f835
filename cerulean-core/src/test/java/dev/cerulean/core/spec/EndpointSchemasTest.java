package dev.cerulean.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class EndpointSchemasTest {
    final SpecParser parser = new SpecParser(TestFiles.LOCAL);

    Spec parse(String yaml) {
        return parser.parse(yaml, "spec.yml", null, null);
    }

    SpecException failure(String yaml) {
        try {
            parse(yaml);
        } catch (SpecException e) {
            return e;
        }
        throw new AssertionError("expected the spec to be rejected");
    }

    @Nested
    class Online {
        @Test
        void anEndpointWithoutSchemaIsRecognisedByItsAuthMode() {
            Spec s = parse("name: ep\nauth_mode: key\n");

            assertThat(s.kind()).isEqualTo(SpecKind.ONLINE_ENDPOINT);
            assertThat(s.body().has("type")).isFalse();
        }

        @Test
        void authModeDefaultsToKey() {
            Spec s = parser.parse("name: ep\n", null, null, SpecKind.ONLINE_ENDPOINT);

            assertThat(s.body().get("auth_mode").asText()).isEqualTo("key");
        }

        @Test
        void tokenAuthIsNotSupportedYet() {
            SpecException e = failure("name: ep\nauth_mode: aad_token\n");

            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("auth_mode");
                assertThat(p.message()).contains("not supported yet");
            });
        }

        @Test
        void mirrorTrafficIsCappedAtFiftyPercentAndOneDeployment() {
            SpecException e = failure("name: ep\nauth_mode: key\nmirror_traffic: {green: 60}\n");

            assertThat(e.problems()).extracting(Problem::path).containsExactly("mirror_traffic.green");
            assertThat(failure("name: ep\nauth_mode: key\nmirror_traffic: {green: 10, red: 10}\n").problems())
                    .extracting(Problem::path).containsExactly("mirror_traffic");
        }

        @Test
        void aDeploymentNormalisesItsModelReferenceAndWarnsAboutCloudFields() {
            Spec s = parse("""
                    name: blue
                    endpoint_name: ep
                    model: azureml:adult
                    instance_type: Standard_DS3_v2
                    """);

            assertThat(s.kind()).isEqualTo(SpecKind.ONLINE_DEPLOYMENT);
            assertThat(s.body().get("model").asText()).isEqualTo("azureml:adult@latest");
            assertThat(s.body().get("type").asText()).isEqualTo("managed");
            assertThat(s.body().get("instance_count").asInt()).isEqualTo(1);
            assertThat(s.warnings()).extracting(Problem::path).containsExactly("instance_type");
        }

        @Test
        void aLocalModelPathIsRefusedNamingTheField() {
            SpecException e = failure("name: blue\nendpoint_name: ep\nmodel: ./model\n");

            assertThat(e.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("model");
                assertThat(p.message()).contains("local model path").contains("not supported yet");
                assertThat(p.suggestion()).contains("azureml:NAME:VERSION");
            });
        }

        @Test
        void kubernetesDeploymentsAreRefused() {
            SpecException e = failure("name: blue\nendpoint_name: ep\ntype: kubernetes\nmodel: azureml:m:1\n");

            assertThat(e.problems()).extracting(Problem::path).containsExactly("type");
        }
    }

    @Nested
    class Batch {
        @Test
        void anEndpointWithDefaultsIsABatchEndpointAndItsTokenModeWarns() {
            Spec s = parse("name: scorer\nauth_mode: aad_token\ndefaults: {deployment_name: d1}\n");

            assertThat(s.kind()).isEqualTo(SpecKind.BATCH_ENDPOINT);
            assertThat(s.warnings()).extracting(Problem::path).containsExactly("auth_mode");
        }

        @Test
        void settingsUnderSettingsWinOverNothingAndTopLevelFormsMerge() {
            Spec s = parse("""
                    name: d1
                    endpoint_name: scorer
                    model: azureml:m:2
                    compute: azureml:cpu
                    mini_batch_size: 3
                    settings:
                      error_threshold: 5
                      retry_settings: {max_retries: 1}
                    """);

            assertThat(s.kind()).isEqualTo(SpecKind.BATCH_DEPLOYMENT);
            ObjectNode merged = EndpointSchemas.mergedBatchSettings(s.body());
            assertThat(merged.get("mini_batch_size").asInt()).isEqualTo(3);
            assertThat(merged.get("error_threshold").asInt()).isEqualTo(5);
            assertThat(merged.get("retry_settings").get("max_retries").asInt()).isEqualTo(1);
        }

        @Test
        void pipelineDeploymentsAreNotSupportedYet() {
            assertThatThrownBy(() -> parse("name: d1\nendpoint_name: scorer\ntype: pipeline\ncomponent: azureml:c:1\n"))
                    .isInstanceOf(SpecException.class).hasMessageContaining("not supported yet");
        }

        @Test
        void aModelIsRequired() {
            assertThat(failure("name: d1\nendpoint_name: scorer\ntype: model\ncompute: azureml:cpu\n").problems())
                    .extracting(Problem::path).containsExactly("model");
        }
    }
}
