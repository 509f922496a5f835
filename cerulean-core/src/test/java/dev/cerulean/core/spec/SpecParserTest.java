package dev.cerulean.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecParserTest {
    final SpecParser parser = new SpecParser(TestFiles.LOCAL);

    @TempDir
    Path dir;

    Spec parse(String yaml, SpecKind kind) throws IOException {
        Path f = dir.resolve("spec.yml");
        Files.writeString(f, yaml);
        return parser.parse(f, kind);
    }

    SpecException failure(String yaml, SpecKind kind) throws IOException {
        Path f = dir.resolve("spec.yml");
        Files.writeString(f, yaml);
        try {
            parser.parse(f, kind);
        } catch (SpecException e) {
            return e;
        }
        throw new AssertionError("expected the spec to be rejected");
    }

    @Nested
    class DataSpecs {
        @Test
        void normalisesAnAzureDataSpec() throws IOException {
            Files.writeString(dir.resolve("iris.csv"), "a\n1\n");
            Spec s = parse("""
                    $schema: https://azuremlschemas.azureedge.net/latest/data.schema.json
                    name: iris
                    version: 2
                    description: Iris flowers
                    tags: {source: uci, rows: 150}
                    type: uri_file
                    path: ./iris.csv
                    """, null);

            assertThat(s.kind()).isEqualTo(SpecKind.DATA);
            assertThat(s.body().has("$schema")).isFalse();
            assertThat(s.body().get("version").asInt()).isEqualTo(2);
            assertThat(s.body().get("path").asText()).isEqualTo(dir.resolve("iris.csv").toString());
            assertThat(s.body().get("tags").get("rows").asText()).isEqualTo("150");
            assertThat(s.warnings()).isEmpty();
        }

        @Test
        void fillsTheDefaultTypeAsAzureMlDoes() throws IOException {
            Files.createDirectories(dir.resolve("folder"));
            Spec s = parse("name: f\npath: folder\n", SpecKind.DATA);

            assertThat(s.body().get("type").asText()).isEqualTo("uri_folder");
        }

        @ParameterizedTest
        @ValueSource(strings = {"file:./iris.csv", "file://%s/iris.csv", "%s/iris.csv"})
        void resolvesLocalPathsInEveryForm(String form) throws IOException {
            Files.writeString(dir.resolve("iris.csv"), "a\n1\n");
            Spec s = parse("name: iris\ntype: uri_file\npath: " + form.replace("%s", dir.toString()) + "\n", SpecKind.DATA);

            assertThat(s.body().get("path").asText()).isEqualTo(dir.resolve("iris.csv").toString());
        }

        @Test
        void keepsDatastoreAndRemoteUris() throws IOException {
            assertThat(parse("name: a\ntype: uri_file\npath: azureml://datastores/raw/paths/x/iris.csv\n", SpecKind.DATA)
                    .text("path")).isEqualTo("azureml://datastores/raw/paths/x/iris.csv");
            assertThat(parse("name: a\ntype: uri_file\npath: https://example.org/iris.csv\n", SpecKind.DATA)
                    .text("path")).isEqualTo("https://example.org/iris.csv");
        }

        @Test
        void listsEveryProblemWithItsPathAndASuggestion() throws IOException {
            SpecException e = failure("""
                    name: bad/name
                    version: -3
                    typ: uri_file
                    path: ./missing.csv
                    tags: [a, b]
                    """, SpecKind.DATA);

            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_SPEC);
            assertThat(e.problems()).extracting(Problem::path)
                    .containsExactlyInAnyOrder("name", "version", "typ", "path", "tags");
            Problem typo = e.problems().stream().filter(p -> p.path().equals("typ")).findFirst().orElseThrow();
            assertThat(typo.message()).contains("unknown field 'typ'");
            assertThat(typo.suggestion()).isEqualTo("did you mean 'type'?");
            assertThat(e.getMessage()).contains("5 problems");
        }

        @Test
        void suggestsTheNearestTypeValue() throws IOException {
            Files.writeString(dir.resolve("a.csv"), "a\n1\n");
            SpecException e = failure("name: a\ntype: uri_fle\npath: a.csv\n", SpecKind.DATA);

            assertThat(e.problems().get(0).suggestion()).isEqualTo("did you mean 'uri_file'?");
        }

        @Test
        void requiresNameAndPath() throws IOException {
            SpecException e = failure("description: nothing else\n", SpecKind.DATA);

            assertThat(e.problems()).extracting(Problem::message).containsExactly("'name' is required", "'path' is required");
        }

        @Test
        void checksThatTheTypeMatchesWhatThePathIs() throws IOException {
            Files.writeString(dir.resolve("a.csv"), "a\n1\n");

            SpecException e = failure("name: a\ntype: uri_folder\npath: a.csv\n", SpecKind.DATA);

            assertThat(e.problems().get(0).message()).contains("is a file");
        }

        @Test
        void acceptsFieldsWithoutLocalMeaningWithAWarning() throws IOException {
            Files.writeString(dir.resolve("a.csv"), "a\n1\n");
            Spec s = parse("name: a\ntype: uri_file\npath: a.csv\ndatastore: azureml:workspaceblobstore\n", SpecKind.DATA);

            assertThat(s.warnings()).singleElement().satisfies(w -> assertThat(w.path()).isEqualTo("datastore"));
        }

        @Test
        void keepsExpressionsForTheEngine() throws IOException {
            Spec s = parse("name: a\ntype: uri_file\npath: ${{parent.inputs.data}}\n", SpecKind.DATA);

            assertThat(s.text("path")).isEqualTo("${{parent.inputs.data}}");
        }
    }

    @Nested
    class Kinds {
        @ParameterizedTest
        @ValueSource(strings = {
            "https://azuremlschemas.azureedge.net/latest/data.schema.json",
            "https://azuremlschemas.azureedge.net/development/data.schema.json",
            "https://azuremlsdk2.blob.core.windows.net/preview/0.0.1/data.schema.json",
            "http://azureml/sdk-2-0/Data.json"})
        void recognisesEveryFormOfSchemaUrl(String url) throws IOException {
            Files.writeString(dir.resolve("a.csv"), "a\n1\n");

            assertThat(parse("$schema: " + url + "\nname: a\ntype: uri_file\npath: a.csv\n", null).kind()).isEqualTo(SpecKind.DATA);
        }

        @Test
        void infersACommandJobWithoutTypeAndWarnsAboutItsEnvironment() throws IOException {
            Spec s = parse("command: echo hi\nenvironment: azureml:env:1\ncompute: azureml:local\n", null);

            assertThat(s.kind()).isEqualTo(SpecKind.COMMAND_JOB);
            assertThat(s.text("type")).isEqualTo("command");
            assertThat(s.text("compute")).isEqualTo("local");
            assertThat(s.warnings()).extracting(Problem::path).containsExactly("environment");
        }

        @Test
        void infersASchedule() throws IOException {
            SpecException e = failure("name: nightly\ntrigger: {type: cron, expression: '0 0 * * *'}\ncreate_job: azureml:job\n", null);

            assertThat(e.getMessage()).contains("schedule specs are not supported yet");
        }

        @Test
        void refusesASpecOfAnotherKindThanExpected() throws IOException {
            SpecException e = failure("$schema: https://azuremlschemas.azureedge.net/latest/commandJob.schema.json\ncommand: ls\n",
                    SpecKind.DATA);

            assertThat(e.getMessage()).contains("this is a command job spec, but a data spec is needed here");
        }

        @Test
        void saysWhenItCannotTellTheKind() throws IOException {
            SpecException e = failure("name: what\n", null);

            assertThat(e.problems().get(0).suggestion()).contains("$schema");
        }

        @Test
        void reportsBadYamlWithItsLine() throws IOException {
            SpecException e = failure("name: a\n  bad: [indent\n", null);

            assertThat(e.getMessage()).contains("line").contains("not valid YAML");
        }

        @Test
        void reportsAMissingFile() {
            assertThatThrownBy(() -> parser.parse(dir.resolve("nope.yml"), null)).isInstanceOf(SpecException.class)
                    .hasMessageContaining("does not exist");
        }
    }

    @Nested
    class Mltables {
        @Test
        void acceptsPathsAndTransformations() throws IOException {
            Spec s = parse("""
                    $schema: https://azuremlschemas.azureedge.net/latest/MLTable.schema.json
                    type: mltable
                    paths:
                      - file: ./train.csv
                      - pattern: ./more/*.csv
                    transformations:
                      - read_delimited:
                          delimiter: ';'
                          header: all_files_same_headers
                      - drop_columns: [id]
                      - take: 100
                      - convert_column_types:
                          - columns: age
                            column_type: int
                    """, null);

            assertThat(s.kind()).isEqualTo(SpecKind.MLTABLE);
            assertThat(s.body().get("transformations").get(0).get("read_delimited").get("encoding").asText()).isEqualTo("utf8");
        }

        @Test
        void rejectsAPathEntryWithTwoKinds() throws IOException {
            SpecException e = failure("paths:\n  - {file: a.csv, folder: b}\n", SpecKind.MLTABLE);

            assertThat(e.problems().get(0).path()).isEqualTo("paths[0]");
        }

        @Test
        void suggestsTheNearestTransformation() throws IOException {
            SpecException e = failure("paths: [{file: a.csv}]\ntransformations:\n  - read_delimeted: {}\n", SpecKind.MLTABLE);

            assertThat(e.problems().get(0).suggestion()).isEqualTo("did you mean 'read_delimited'?");
        }
    }

    @Nested
    class Datastores {
        @Test
        void acceptsALocalFolder() throws IOException {
            Spec s = parse("name: raw\ntype: local\npath: .\n", SpecKind.DATASTORE);

            assertThat(s.text("path")).isEqualTo(dir.toString());
        }

        @Test
        void saysCloudTypesAreNotSupportedYet() throws IOException {
            SpecException e = failure("""
                    $schema: https://azuremlschemas.azureedge.net/latest/azureBlob.schema.json
                    name: blob
                    type: azure_blob
                    account_name: acct
                    container_name: data
                    """, null);

            assertThat(e.getMessage()).contains("datastore type 'azure_blob' is not supported yet");
        }
    }
}
