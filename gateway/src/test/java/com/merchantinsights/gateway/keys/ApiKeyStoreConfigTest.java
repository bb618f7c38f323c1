package com.merchantinsights.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyStoreConfigTest {
    @Test
    void toStringShowsEverySettingButThePassword() {
        ApiKeyStoreConfig config = ApiKeyStoreConfig.defaults("jdbc:postgresql://w/insights", "gateway", "pw-4711");

        assertThat(config.toString())
                .doesNotContain("pw-4711")
                .contains(
                        "jdbcUrl=jdbc:postgresql://w/insights",
                        "user=gateway",
                        "password=***",
                        "refreshInterval=PT2S",
                        "fullReloadInterval=PT10M",
                        "poolSize=2");
    }
}
