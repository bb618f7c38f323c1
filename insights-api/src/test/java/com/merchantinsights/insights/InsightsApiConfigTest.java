package com.merchantinsights.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.merchantinsights.service.EnvironmentSettings;
import com.merchantinsights.service.identity.IdentityKeys;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InsightsApiConfigTest {
    private static final String KEYS =
            IdentityKeys.generate("k1").verificationKey().encoded();
    private static final Map<String, String> REQUIRED = Map.of(
            "INSIGHTS_JDBC_URL",
            "jdbc:postgresql://w/insights",
            "INSIGHTS_JDBC_USER",
            "insights",
            "INSIGHTS_JDBC_PASSWORD",
            "pw",
            "INSIGHTS_IDENTITY_VERIFICATION_KEYS",
            KEYS);

    @Test
    void theEnvironmentNeedsTheWarehouseAndTheSecret() {
        assertThat(InsightsApiConfig.fromEnvironment(new EnvironmentSettings(REQUIRED)))
                .isEqualTo(new InsightsApiConfig(
                        "0.0.0.0", 8080, "jdbc:postgresql://w/insights", "insights", "pw", KEYS, ZoneId.of("UTC")));
    }

    @Test
    void everySettingComesFromItsVariable() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.putAll(Map.of(
                "INSIGHTS_HTTP_HOST",
                "127.0.0.1",
                "INSIGHTS_HTTP_PORT",
                "9001",
                "INSIGHTS_DEFAULT_ZONE",
                "Asia/Kolkata",
                "INSIGHTS_JDBC_WRITE_URL",
                "jdbc:postgresql://w-rw/insights",
                "INSIGHTS_MERCHANT_QUERIES_PER_SECOND",
                "35",
                "INSIGHTS_MERCHANT_CONCURRENT_QUERIES",
                "6"));
        assertThat(InsightsApiConfig.fromEnvironment(new EnvironmentSettings(env)))
                .isEqualTo(new InsightsApiConfig(
                        "127.0.0.1",
                        9001,
                        "jdbc:postgresql://w/insights",
                        "insights",
                        "pw",
                        KEYS,
                        ZoneId.of("Asia/Kolkata"),
                        QueryBounds.DEFAULT,
                        "jdbc:postgresql://w-rw/insights",
                        new MerchantQuotas.Quota(35, 6)));
    }

    @Test
    void withoutAWriteUrlTheRegistryUsesTheReadUrl() {
        assertThat(InsightsApiConfig.fromEnvironment(new EnvironmentSettings(REQUIRED))
                        .jdbcWriteUrl())
                .isEqualTo("jdbc:postgresql://w/insights");
    }

    @Test
    void refusesToStartWithAKeyThatIsNotAnEd25519PublicKey() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.put(
                "INSIGHTS_IDENTITY_VERIFICATION_KEYS",
                IdentityKeys.generate("k1").encoded());
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InsightsApiConfig.fromEnvironment(new EnvironmentSettings(env)))
                .withMessageContaining("verification key k1");
    }

    @Test
    void refusesToStartWithoutTheWarehousePassword() {
        Map<String, String> env = new HashMap<>(REQUIRED);
        env.remove("INSIGHTS_JDBC_PASSWORD");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> InsightsApiConfig.fromEnvironment(new EnvironmentSettings(env)))
                .withMessageContaining("INSIGHTS_JDBC_PASSWORD");
    }

    @Test
    void toStringShowsEverySettingButThePassword() {
        InsightsApiConfig config = new InsightsApiConfig(
                "0.0.0.0",
                8082,
                "jdbc:postgresql://w/insights",
                "insights",
                "warehouse-pw-4711",
                KEYS,
                ZoneId.of("Asia/Kolkata"));

        assertThat(config.toString())
                .doesNotContain("warehouse-pw-4711")
                .contains(
                        "host=0.0.0.0",
                        "port=8082",
                        "jdbcUrl=jdbc:postgresql://w/insights",
                        "jdbcUser=insights",
                        "jdbcPassword=***",
                        "identityKeys=" + KEYS,
                        "defaultZone=Asia/Kolkata");
    }
}
