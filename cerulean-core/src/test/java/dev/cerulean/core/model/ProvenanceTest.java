package dev.cerulean.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cerulean.core.CeruleanException;
import dev.cerulean.core.InvalidParameterException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProvenanceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Provenance.Builder single(String algorithm) {
        return Provenance.builder().algorithm(algorithm).params(Map.of("n_estimators", 100)).seed(7).threads(2)
                .datasetHash("sha256:0a1b").trainingRows(344).target("species").libraries(Map.of("cerulean-ml", "0.1.0"))
                .javaVersion("17.0.15").os("Linux amd64").createdAt(Instant.parse("2026-11-27T03:36:59.229105487Z"));
    }

    static Provenance bagged() {
        Provenance fold = single("lightgbm").build();
        return single("lightgbm").modelType(Provenance.ModelType.BAGGED).members(List.of(new Provenance.Member("fold 0", 0.5, fold),
                new Provenance.Member("fold 1", 0.5, fold))).build();
    }

    @SuppressWarnings("unchecked")
    static Provenance throughJson(Provenance p) throws Exception {
        return Provenance.fromMap(JSON.readValue(JSON.writeValueAsBytes(p.toMap()), Map.class));
    }

    @Nested
    class Json {
        @Test
        void aCompositeProvenanceEqualsItselfAfterAJsonRoundTrip() throws Exception {
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("big", 5_000_000_000L);
            params.put("small_long", 3L);
            params.put("rate", 0.1f);
            params.put("lags", new int[] {1, 2, 12});
            params.put("nested", Map.of("k", List.of(1, 2.5, "x")));
            params.put("unset", null);
            Provenance stack = single("StackEnsemble").modelType(Provenance.ModelType.ENSEMBLE).params(params)
                    .featurization(Map.of("standardize", true)).members(List.of(new Provenance.Member("LightGBM (trial 1)", null, bagged())))
                    .build();
            Provenance back = throughJson(stack);
            assertThat(back).isEqualTo(stack);
            assertThat(back.members().get(0).provenance().members()).hasSize(2);
            assertThat(back.params()).containsEntry("small_long", 3).containsEntry("big", 5_000_000_000L)
                    .containsEntry("lags", List.of(1, 2, 12));
        }

        @Test
        void theFileSpellsEveryFieldInSnakeCaseAndKeepsANullHash() {
            Map<String, Object> m = single("xgboost").datasetHash(null).build().toMap();
            assertThat(m.keySet()).containsExactly("model_type", "algorithm", "params", "featurization", "seed", "threads",
                    "dataset_hash", "training_rows", "target", "libraries", "java_version", "os", "created_at", "training_info",
                    "members");
            assertThat(m).containsEntry("model_type", "single").containsEntry("dataset_hash", null)
                    .containsEntry("created_at", "2026-11-27T03:36:59.229105487Z").containsEntry("members", List.of());
        }

        @Test
        void aFileFromBeforeCompositeProvenanceReadsAsASingleModel() {
            // provenance.json as format_version 1 packages have it (golden/xgboost-penguins-v1).
            Map<String, Object> old = new HashMap<>();
            old.put("algorithm", "xgboost");
            old.put("params", Map.of("max_depth", 3));
            old.put("seed", 11);
            old.put("threads", 1);
            old.put("dataset_hash", null);
            old.put("training_rows", 344);
            old.put("target", "species");
            old.put("libraries", Map.of("xgboost4j", "3.4.0"));
            old.put("java_version", "17.0.15");
            old.put("os", "Linux amd64");
            old.put("created_at", "2026-11-27T03:36:59.229105487Z");
            old.put("training_info", Map.of("iterations", 10));
            Provenance p = Provenance.fromMap(old);
            assertThat(p.modelType()).isEqualTo(Provenance.ModelType.SINGLE);
            assertThat(p.featurization()).isEmpty();
            assertThat(p.members()).isEmpty();
            assertThat(p.seed()).isEqualTo(11);
            assertThat(p.trainingInfo()).containsEntry("iterations", 10);
        }

        @Test
        void aBadFileIsAnErrorNamingTheField() {
            Map<String, Object> m = new LinkedHashMap<>(single("xgboost").build().toMap());
            m.put("training_rows", "many");
            assertThatThrownBy(() -> Provenance.fromMap(m)).isInstanceOf(InvalidParameterException.class)
                    .hasMessage("'training_rows' must be an integer, got many")
                    .satisfies(e -> assertThat(((CeruleanException) e).target()).isEqualTo("training_rows"));
            m.put("training_rows", 3);
            m.put("created_at", "yesterday");
            assertThatThrownBy(() -> Provenance.fromMap(m)).hasMessageContaining("'created_at' is 'yesterday'");
            m.put("created_at", "2026-11-27T03:36:59Z");
            m.put("model_type", "committee");
            assertThatThrownBy(() -> Provenance.fromMap(m)).hasMessageContaining("'model_type' is 'committee'");
            m.put("model_type", "ensemble");
            assertThatThrownBy(() -> Provenance.fromMap(m)).hasMessage("a composite model (ensemble) lists its members");
            m.put("members", List.of(Map.of("name", "a", "weight", 0.5)));
            assertThatThrownBy(() -> Provenance.fromMap(m)).hasMessage("member 'a' has no provenance");
        }
    }

    @Nested
    class Validation {
        @Test
        void requiredFieldsAndRangesAreCheckedByName() {
            assertThatThrownBy(() -> single(" ").build()).hasMessage("algorithm is required");
            assertThatThrownBy(() -> single("x").target(null).build()).hasMessage("target is required");
            assertThatThrownBy(() -> single("x").threads(0).build()).hasMessage("threads must be at least 1, got 0");
            assertThatThrownBy(() -> single("x").trainingRows(-1).build()).hasMessage("training_rows must not be negative, got -1");
            assertThatThrownBy(() -> single("x").createdAt(null).build()).hasMessage("created_at is required");
            assertThatThrownBy(() -> single("x").datasetHash("my data").build())
                    .hasMessage("'dataset_hash' is 'my data'; expected a content hash such as sha256:<hex>");
            assertThatThrownBy(() -> single("x").params(Map.of("when", Instant.EPOCH)).build()).hasMessageContaining("'params' holds a Instant");
        }

        @Test
        void singleModelsHaveNoMembersAndCompositesHaveSomeWithValidWeights() {
            Provenance leaf = single("lightgbm").build();
            assertThatThrownBy(() -> single("x").members(List.of(new Provenance.Member("a", 1.0, leaf))).build())
                    .hasMessage("a single model has no members, got 1");
            assertThatThrownBy(() -> single("x").modelType(Provenance.ModelType.BAGGED).build())
                    .hasMessage("a composite model (bagged) lists its members");
            assertThatThrownBy(() -> new Provenance.Member("a", -0.1, leaf)).hasMessageContaining("weight -0.1");
            assertThatThrownBy(() -> new Provenance.Member("a", Double.NaN, leaf)).hasMessageContaining("weight NaN");
            assertThatThrownBy(() -> new Provenance.Member("", 1.0, leaf)).hasMessageContaining("needs a name");
        }

        @Test
        void itIsImmutableAllTheWayDown() {
            List<Object> lags = new ArrayList<>(List.of(1, 2));
            Map<String, Object> params = new HashMap<>(Map.of("lags", lags));
            Provenance p = single("x").params(params).build();
            lags.add(3);
            params.put("other", 1);
            assertThat(p.params()).isEqualTo(Map.of("lags", List.of(1, 2)));
            assertThatThrownBy(() -> p.params().put("a", 1)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> ((List<Object>) p.params().get("lags")).add(4)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> p.members().add(null)).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
