package dev.cerulean.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestTest {
    @Test
    void findsTyposTranspositionsAndPrefixes() {
        List<String> fields = List.of("name", "version", "description", "tags", "type", "path");
        assertThat(Suggest.nearest("pth", fields)).isEqualTo("path");
        assertThat(Suggest.nearest("verison", fields)).isEqualTo("version");
        assertThat(Suggest.nearest("desc", fields)).isEqualTo("description");
        assertThat(Suggest.nearest("completely_unrelated", fields)).isNull();
    }
}
