package com.merchantinsights.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentSettingsTest {
    private final EnvironmentSettings env = new EnvironmentSettings(Map.of(
            "INSIGHTS_PORT",
            "9090",
            "INSIGHTS_WAIT",
            "PT3S",
            "INSIGHTS_BLANK",
            " ",
            "INSIGHTS_URLS",
            "http://a:8080, http://b:8080,",
            "PORT",
            "1"));

    @Test
    void readsPrefixedVariablesAndFallsBackToDefaults() {
        assertThat(env.integer("PORT", 1)).isEqualTo(9090);
        assertThat(env.duration("WAIT", Duration.ZERO)).isEqualTo(Duration.ofSeconds(3));
        assertThat(env.string("BLANK", "default")).isEqualTo("default");
        assertThat(env.string("MISSING", "default")).isEqualTo("default");
        assertThat(env.uris("URLS")).containsExactly(URI.create("http://a:8080"), URI.create("http://b:8080"));
    }

    @Test
    void aMissingOrMalformedValueNamesItsVariable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env.required("SECRET"))
                .withMessageContaining("INSIGHTS_SECRET");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env.integer("WAIT", 1))
                .withMessageContaining("INSIGHTS_WAIT");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> env.duration("PORT", Duration.ZERO))
                .withMessageContaining("INSIGHTS_PORT");
    }

    @Test
    void neverShowsValuesWhenPrinted() {
        assertThat(new EnvironmentSettings(Map.of("INSIGHTS_IDENTITY_SIGNING_KEY", "s3cret")).toString())
                .contains("INSIGHTS_IDENTITY_SIGNING_KEY")
                .doesNotContain("s3cret");
    }
}
