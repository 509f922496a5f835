package dev.cerulean.core.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cerulean.core.InvalidParameterException;
import dev.cerulean.core.tracking.SearchFilter.Clause;
import dev.cerulean.core.tracking.SearchFilter.Entity;
import dev.cerulean.core.tracking.SearchFilter.Target;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SearchFilterTest {
    @ParameterizedTest
    @EnumSource(Target.class)
    void parsesTheFilterMlflowClientsAddToExcludePrompts(Target target) {
        assertThat(SearchFilter.parse("tags.`mlflow.prompt.is_prompt` != 'true'", target))
                .containsExactly(new Clause(Entity.TAG, "mlflow.prompt.is_prompt", "!=", "true"));
    }

    @Test
    void keysWithDotsParseQuotedWithBackticksOrDoubleQuotesOrBare() {
        List<Clause> c = SearchFilter.parse("tag.`a.b c` = 'x' AND tags.\"d.e\" LIKE 'y%' and tags.f.g != 'z'", Target.REGISTERED_MODELS);

        assertThat(c).containsExactly(new Clause(Entity.TAG, "a.b c", "=", "x"), new Clause(Entity.TAG, "d.e", "LIKE", "y%"),
                new Clause(Entity.TAG, "f.g", "!=", "z"));
    }

    @Test
    void aBacktickInsideABacktickQuotedKeyIsDoubled() {
        assertThat(SearchFilter.parse("tags.`a``b` = 'x'", Target.RUNS)).containsExactly(new Clause(Entity.TAG, "a`b", "=", "x"));
    }

    @Test
    void notLikeIsRefusedAsMlflowRefusesIt() {
        assertThatThrownBy(() -> SearchFilter.parse("tags.t NOT LIKE 'x%'", Target.RUNS)).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("NOT LIKE is not supported");
    }

    @Test
    void anUnterminatedBacktickNamesTheFilter() {
        assertThatThrownBy(() -> SearchFilter.parse("tags.`mlflow.prompt.is_prompt != 'true'", Target.REGISTERED_MODELS))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("unterminated quote `");
    }
}
