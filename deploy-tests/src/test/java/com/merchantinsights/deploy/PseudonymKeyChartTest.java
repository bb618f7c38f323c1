package com.merchantinsights.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.privacy.PseudonymKey;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The pseudonym key (issue 23, decision 0053) as the chart renders it: on by default, in the services' Secret as
 * {@code identity-pseudonym-key}, mounted into the events API and the operations service only.
 */
class PseudonymKeyChartTest {
    private static final String SECRET = "merchant-insights-secrets";
    private static final String CURRENT = SECRET + ":identity-pseudonym-key";
    private static final String RETIRED = SECRET + ":identity-pseudonym-retired-keys (optional)";
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    /** Test keys: 33 bytes, so that their base64 has no padding. */
    private static final String KEY = "k2:" + Base64.getEncoder().encodeToString(new byte[33]);

    private static final String OLD_KEY = "k1:"
            + Base64.getEncoder().encodeToString(new byte[] {
                1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
                29, 30, 31, 32, 33
            });

    private static RenderedChart on;
    private static RenderedChart off;

    @BeforeAll
    static void render() {
        on = RenderedChart.withDefaults();
        off = RenderedChart.render(Map.of("privacy.pseudonymize", "false"));
    }

    /**
     * With pseudonyms on, the events API takes the current key and the operations service the current key and
     * (optionally) the retired ones, from the services' Secret; off, neither; no other object names the key at all.
     */
    static List<String> pseudonymKeyOnlyWhereNeeded(RenderedChart chart, boolean pseudonymize) {
        List<String> violations = new ArrayList<>();
        Map<String, Map<String, String>> expected = pseudonymize
                ? Map.of(
                        "events-api", Map.of("INSIGHTS_PSEUDONYM_KEY", CURRENT),
                        "ops-api",
                                Map.of("INSIGHTS_PSEUDONYM_KEY", CURRENT, "INSIGHTS_PSEUDONYM_RETIRED_KEYS", RETIRED))
                : Map.of();
        for (String service : ChartChecks.SERVICES) {
            Map<String, String> taken = pseudonymEnv(chart.containerEnv(service));
            Map<String, String> wanted = expected.getOrDefault(service, Map.of());
            if (!taken.equals(wanted)) {
                violations.add(service + " takes " + taken + ", expected " + new TreeMap<>(wanted));
            }
        }
        for (HasMetadata object : chart.objects()) {
            boolean allowed = object instanceof Secret
                    || (object instanceof Deployment
                            && List.of(RenderedChart.RELEASE + "-events-api", RenderedChart.RELEASE + "-ops-api")
                                    .contains(object.getMetadata().getName()));
            String text = SERIALIZATION.asYaml(object);
            if (!allowed && (text.contains("PSEUDONYM") || text.contains("identity-pseudonym"))) {
                violations.add(object.getKind() + " " + object.getMetadata().getName() + " names the pseudonym key");
            }
        }
        return violations;
    }

    /** The container's pseudonym variables, each as {@code secret:key}, " (optional)" if so, or its plain value. */
    private static Map<String, String> pseudonymEnv(List<EnvVar> env) {
        Map<String, String> found = new TreeMap<>();
        for (EnvVar variable : env) {
            if (!variable.getName().contains("PSEUDONYM")) {
                continue;
            }
            var ref = variable.getValueFrom() == null
                    ? null
                    : variable.getValueFrom().getSecretKeyRef();
            found.put(
                    variable.getName(),
                    ref == null
                            ? "value " + variable.getValue()
                            : ref.getName() + ":" + ref.getKey()
                                    + (Boolean.TRUE.equals(ref.getOptional()) ? " (optional)" : ""));
        }
        return found;
    }

    @Test
    void onByDefaultTheKeyReachesTheEventsApiAndTheOperationsServiceOnly() {
        assertThat(pseudonymKeyOnlyWhereNeeded(on, true)).isEmpty();
        assertThat(pseudonymKeyOnlyWhereNeeded(on, false))
                .as("the check sees the variables it is meant to see")
                .hasSize(2);

        RenderedChart broken = RenderedChart.withDefaults();
        broken.containerEnv("gateway")
                .add(new EnvVarBuilder()
                        .withName("INSIGHTS_PSEUDONYM_KEY")
                        .withNewValueFrom()
                        .withNewSecretKeyRef("identity-pseudonym-key", SECRET, null)
                        .endValueFrom()
                        .build());
        broken.containerEnv("events-api").removeIf(e -> e.getName().equals("INSIGHTS_PSEUDONYM_KEY"));
        broken.containerEnv("ops-api").stream()
                .filter(e -> e.getName().equals("INSIGHTS_PSEUDONYM_KEY"))
                .forEach(e -> e.getValueFrom().getSecretKeyRef().setOptional(true));
        assertThat(pseudonymKeyOnlyWhereNeeded(broken, true))
                .containsExactlyInAnyOrder(
                        "gateway takes {INSIGHTS_PSEUDONYM_KEY=" + CURRENT + "}, expected {}",
                        "Deployment " + RenderedChart.RELEASE + "-gateway names the pseudonym key",
                        "events-api takes {}, expected {INSIGHTS_PSEUDONYM_KEY=" + CURRENT + "}",
                        "ops-api takes {INSIGHTS_PSEUDONYM_KEY=" + CURRENT + " (optional),"
                                + " INSIGHTS_PSEUDONYM_RETIRED_KEYS=" + RETIRED + "}, expected"
                                + " {INSIGHTS_PSEUDONYM_KEY=" + CURRENT + ", INSIGHTS_PSEUDONYM_RETIRED_KEYS="
                                + RETIRED + "}");

        RenderedChart spark = RenderedChart.withDefaults();
        spark.all(io.fabric8.kubernetes.api.model.ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().equals(RenderedChart.RELEASE + "-admin-act"))
                .forEach(c -> c.getData()
                        .replaceAll((key, text) -> text + "\n# INSIGHTS_PSEUDONYM_KEY from identity-pseudonym-key\n"));
        assertThat(pseudonymKeyOnlyWhereNeeded(spark, true))
                .containsExactly("ConfigMap " + RenderedChart.RELEASE + "-admin-act names the pseudonym key");
    }

    @Test
    void offNoWorkloadTakesAKey() {
        assertThat(pseudonymKeyOnlyWhereNeeded(off, false)).isEmpty();
        assertThat(pseudonymKeyOnlyWhereNeeded(off, true)).hasSize(2);
    }

    @Test
    void aChartMadeSecretCarriesTheGivenKeyAndTheRetiredOnes() {
        Map<String, String> data = secretData(withSecret(Map.of(
                "secrets.pseudonymKey", KEY,
                "privacy.retiredPseudonymKeys[0]", OLD_KEY,
                "privacy.retiredPseudonymKeys[1]", KEY.replace("k2:", "k0:"))));

        assertThat(data).containsEntry("identity-pseudonym-key", KEY);
        assertThat(data).containsEntry("identity-pseudonym-retired-keys", OLD_KEY + "," + KEY.replace("k2:", "k0:"));
    }

    @Test
    void aChartMadeSecretGetsAGeneratedKeyOnInstallThatTheServicesAccept() {
        String generated = secretData(withSecret(Map.of())).get("identity-pseudonym-key");

        PseudonymKey key = PseudonymKey.parse(generated);
        assertThat(key.keyId()).isEqualTo("k1");
        assertThat(key.secret()).hasSize(32);
        assertThat(secretData(withSecret(Map.of())).get("identity-pseudonym-key"))
                .as("random, not a constant of the chart")
                .isNotEqualTo(generated);
        assertThat(secretData(withSecret(Map.of("privacy.pseudonymize", "false"))))
                .as("no key is made while pseudonyms are off")
                .doesNotContainKey("identity-pseudonym-key");
    }

    @Test
    void anUpgradeKeepsTheKeyTheSecretHoldsAndNeverMakesOne() {
        Map<String, String> kept = secretData(withSecret(Map.of(
                RenderedChart.IS_UPGRADE,
                "true",
                RenderedChart.CLUSTER_SECRET + ".data.identity-pseudonym-key",
                base64(KEY))));
        assertThat(kept).containsEntry("identity-pseudonym-key", KEY);

        assertThat(secretData(withSecret(Map.of(
                        RenderedChart.IS_UPGRADE,
                        "true",
                        "privacy.pseudonymize",
                        "false",
                        RenderedChart.CLUSTER_SECRET + ".data.identity-pseudonym-key",
                        base64(KEY)))))
                .as("turned off, the Secret still keeps the key for when pseudonyms come back")
                .containsEntry("identity-pseudonym-key", KEY);

        assertThatThrownBy(() -> withSecret(Map.of(
                        RenderedChart.IS_UPGRADE,
                        "true",
                        RenderedChart.CLUSTER_SECRET + ".data.identity-signing-key",
                        base64("local-1:c2lnbmluZw"))))
                .as("an install from before pseudonyms holds identifiers: no key is made for it silently")
                .hasMessageContaining("holds no identity-pseudonym-key: this install already stores identifiers");
    }

    @Test
    void anOutsideSecretWithoutTheKeyStopsTheInstallWhilePseudonymsAreOn() {
        Map<String, Object> outside =
                Map.of(RenderedChart.CLUSTER_SECRET + ".data.identity-signing-key", base64("local-1:c2lnbmluZw"));
        assertThatThrownBy(() -> RenderedChart.render(outside))
                .hasMessageContaining("the Secret " + SECRET + " has no identity-pseudonym-key");

        Map<String, Object> withKey = new HashMap<>(outside);
        withKey.put(RenderedChart.CLUSTER_SECRET + ".data.identity-pseudonym-key", base64(KEY));
        assertThat(pseudonymKeyOnlyWhereNeeded(RenderedChart.render(withKey), true))
                .isEmpty();
        Map<String, Object> off = new HashMap<>(outside);
        off.put("privacy.pseudonymize", "false");
        assertThat(pseudonymKeyOnlyWhereNeeded(RenderedChart.render(off), false))
                .isEmpty();
    }

    @Test
    void keysThatTheServicesWouldRefuseOrCouldNotUseStopTheRender() {
        assertThatThrownBy(() -> withSecret(Map.of("secrets.pseudonymKey", "k1:dG9vIHNob3J0")))
                .hasMessageContaining("secrets.pseudonymKey is <key id>:<base64 of at least 32 random bytes>");
        assertThatThrownBy(() -> withSecret(Map.of("secrets.pseudonymKey", KEY.replace("k2:", "K-2:"))))
                .hasMessageContaining("secrets.pseudonymKey is <key id>");
        assertThatThrownBy(() -> withSecret(Map.of("privacy.retiredPseudonymKeys[0]", "old")))
                .hasMessageContaining("privacy.retiredPseudonymKeys: each is <key id>");
        assertThatThrownBy(() ->
                        withSecret(Map.of("privacy.pseudonymize", "false", "privacy.retiredPseudonymKeys[0]", OLD_KEY)))
                .hasMessageContaining("they need privacy.pseudonymize");
        assertThatThrownBy(() -> RenderedChart.render(Map.of("privacy.retiredPseudonymKeys[0]", OLD_KEY)))
                .as("without secrets.create the chart writes no Secret to put them in")
                .hasMessageContaining("put them into " + SECRET + " as identity-pseudonym-retired-keys");
    }

    private static RenderedChart withSecret(Map<String, String> overrides) {
        Map<String, Object> values = new HashMap<>(Map.of(
                "secrets.create", "true",
                "secrets.identitySigningKey", "local-1:c2lnbmluZw",
                "secrets.identityVerificationKeys", "local-1:dmVyaWZ5",
                "secrets.cassandraAppPassword", "app0password"));
        values.putAll(overrides);
        return RenderedChart.render(values);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, String> secretData(RenderedChart chart) {
        return chart.all(Secret.class).stream()
                .filter(s -> s.getMetadata().getName().equals(SECRET))
                .findFirst()
                .orElseThrow()
                .getStringData();
    }
}
