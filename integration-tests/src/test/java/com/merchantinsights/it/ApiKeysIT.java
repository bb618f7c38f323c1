package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.it.InProcessCli.CliRun;
import com.merchantinsights.service.keys.IssuedApiKey;
import com.merchantinsights.service.keys.KeyAdmin;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys in the real warehouse: created with the CLI or the key admin, used at the gateway, revoked within seconds. */
@ExtendWith(SharedSystem.class)
class ApiKeysIT {
    /** A gateway refreshes its keys every 2 s; a new or revoked key must take effect well within this. */
    private static final Duration WITHIN_SECONDS = Duration.ofSeconds(10);

    private static final Pattern KEY_ID = Pattern.compile("key_[a-z0-9]{12}");

    @Test
    void aKeyCreatedWithTheCliWorksUntilRevokedAndIsRefusedWithinSeconds() {
        String merchant = uniqueMerchant();
        CliRun created = cli(
                "keys", "create", "--scope", "merchant-write", "--merchant", merchant, "--description", "ApiKeysIT");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String keyId = keyId(created);
        GatewayClient client = new GatewayClient(system().services().gatewayUri(), secret(created));
        String event = WalkingSkeletonIT.order(merchant, "keys-1", Instant.now().minusSeconds(60));
        await().atMost(WITHIN_SECONDS).until(() -> client.postEvents(event).status() == 202);

        assertThat(cli("keys", "revoke", keyId).exitCode()).isZero();
        Instant revoked = Instant.now();
        await().atMost(WITHIN_SECONDS).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var answer = client.postEvents(event);
            assertThat(answer.status()).isEqualTo(401);
            assertThat(answer.body().path("code").asText()).isEqualTo("unauthenticated");
        });
        System.out.printf(
                "ApiKeysIT: revoked key refused after %d ms%n",
                Duration.between(revoked, Instant.now()).toMillis());

        CliRun listed = cli("keys", "list");
        assertThat(listed.out()).contains(keyId).doesNotContain(secret(created));
        String localAdmin = keyAdmin().list().stream()
                .filter(k -> k.description().equals("local admin key (secrets/admin.key)"))
                .findFirst()
                .orElseThrow()
                .keyId();
        assertThat(listed.out().lines().filter(line -> line.startsWith(keyId)))
                .as("the CLI asks through the gateway with the local admin key, which is on record as the creator")
                .singleElement()
                .asString()
                .contains(" " + localAdmin + " ");
        assertThat(cli("keys", "revoke", keyId).exitCode())
                .as("already revoked")
                .isEqualTo(1);
    }

    @Test
    void aMerchantReadKeyReadsItsOwnMerchantOnlyAndWritesNothing() {
        String own = uniqueMerchant();
        IssuedApiKey reader =
                keyAdmin().create(Scope.MERCHANT_READ, Optional.of(new MerchantId(own)), "ApiKeysIT reader");
        GatewayClient client = new GatewayClient(system().services().gatewayUri(), reader.secret());
        LocalDate today = LocalDate.now();
        await().atMost(WITHIN_SECONDS)
                .until(() -> client.timeseries(own, "orders", today.minusDays(7), today)
                                .status()
                        == 200);

        var other = client.timeseries(uniqueMerchant(), "orders", today.minusDays(7), today);
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.body().path("code").asText()).isEqualTo("merchant_forbidden");
        var write = client.postEvents(
                WalkingSkeletonIT.order(own, "reader-write-1", Instant.now().minusSeconds(60)));
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.body().path("code").asText()).isEqualTo("forbidden");
        assertThat(system().platformClient()
                        .timeseries(own, "orders", today.minusDays(7), today)
                        .status())
                .as("the local platform key file is a registered platform key")
                .isEqualTo(200);
    }

    @Test
    void bootstrapAdminCreatesTheFirstAdminKeyOnlyAndItAdministersKeysOverHttp() {
        boolean adminExisted = keyAdmin().list().stream().anyMatch(k -> k.scope() == Scope.ADMIN && k.active());
        CliRun first = cli("bootstrap-admin");
        CliRun second = cli("bootstrap-admin");

        assertThat(first.exitCode()).as(first.err()).isEqualTo(adminExisted ? 1 : 0);
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("exists already");
        String adminSecret = adminExisted
                ? keyAdmin()
                        .create(Scope.ADMIN, Optional.empty(), "ApiKeysIT admin")
                        .secret()
                : secret(first);
        GatewayClient admin = new GatewayClient(system().services().gatewayUri(), adminSecret);
        await().atMost(WITHIN_SECONDS).until(() -> admin.get("/v1/admin/keys").status() == 200);
        assertThat(admin.get("/v1/admin/keys").body().path("keys").findValuesAsText("scope"))
                .contains("platform", "admin");
        assertThat(system().platformClient().get("/v1/admin/keys").status())
                .as("a platform key")
                .isEqualTo(403);
    }

    private static LocalSystem system() {
        return SharedSystem.system();
    }

    private static KeyAdmin keyAdmin() {
        var engines = system().engines();
        return KeyAdmin.forWarehouse(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
    }

    private static String uniqueMerchant() {
        return "m_it_keys_" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs {@code bin/insights <args>} in this JVM against the shared stack, capturing what it prints. */
    private static CliRun cli(String... args) {
        return InProcessCli.sharedSystem().run(args);
    }

    private static String keyId(CliRun run) {
        Matcher matcher = KEY_ID.matcher(run.out());
        assertThat(matcher.find()).as(run.out()).isTrue();
        return matcher.group();
    }

    /** The key commands print the secret last, alone on its line. */
    private static String secret(CliRun run) {
        String[] lines = run.out().strip().split("\\R");
        return lines[lines.length - 1].strip();
    }
}
