package dev.cerulean.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AssetRefTest {
    @Test
    void parsesEveryFormAzureMlUses() {
        assertThat(AssetRef.parse("f", "adult")).isEqualTo(AssetRef.latest("adult"));
        assertThat(AssetRef.parse("f", "adult:3")).isEqualTo(AssetRef.of("adult", 3));
        assertThat(AssetRef.parse("f", "azureml:adult:3")).isEqualTo(AssetRef.of("adult", 3));
        assertThat(AssetRef.parse("f", "azureml:adult@latest")).isEqualTo(AssetRef.latest("adult"));
        assertThat(AssetRef.parse("f", "adult:latest")).isEqualTo(AssetRef.latest("adult"));
        assertThat(AssetRef.of("adult", 3)).hasToString("adult:3");
    }

    @Test
    void rejectsBadVersionsAndLabelsNamingTheField() {
        assertThatThrownBy(() -> AssetRef.parse("model", "m:0")).hasMessageContaining("'model'").hasMessageContaining("positive integer");
        assertThatThrownBy(() -> AssetRef.parse("model", "m:abc")).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> AssetRef.parse("model", "m@champion")).hasMessageContaining("label 'champion'");
        assertThatThrownBy(() -> AssetRef.parse("model", "azureml://datastores/x/paths/y")).hasMessageContaining("is a URI");
    }

    @Test
    void namesAllowLettersDigitsDashUnderscoreAndDot() {
        assertThat(Names.isValid("adult_v2.1-final")).isTrue();
        assertThat(Names.isValid("../etc")).isFalse();
        assertThat(Names.isValid("a/b")).isFalse();
        assertThat(Names.isValid("x".repeat(255))).isTrue();
        assertThat(Names.isValid("x".repeat(256))).isFalse();
        assertThat(Names.isValid("")).isFalse();
    }
}
