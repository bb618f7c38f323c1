package com.merchantinsights.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.keys.IssuedApiKey;
import com.merchantinsights.service.keys.KeyAdmin;
import com.merchantinsights.service.keys.KeyStoreException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway's key store against a real PostgreSQL: what it loads, how fast it follows changes, what it never asks. */
class PostgresApiKeysTest {
    private static final Duration FAST = Duration.ofMillis(100);
    private static final Optional<MerchantId> DEMO = Optional.of(new MerchantId("m_demo"));
    private static TestingWarehouse warehouse;
    private KeyAdmin admin;

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingWarehouse.start();
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @BeforeEach
    void emptyTable() {
        warehouse.execute("TRUNCATE api_keys");
        admin = warehouse.keyAdmin();
    }

    @Test
    void loadsEveryActiveKeyAtStart() {
        IssuedApiKey reader = admin.create(Scope.MERCHANT_READ, DEMO, "dashboard");
        IssuedApiKey revoked = admin.create(Scope.PLATFORM, Optional.empty(), "old");
        admin.revoke(revoked.keyId());

        try (PostgresApiKeys keys = PostgresApiKeys.start(config(Duration.ofHours(1)))) {
            assertThat(keys.authenticate(reader.secret()))
                    .contains(new Identity(reader.keyId(), Scope.MERCHANT_READ, DEMO));
            assertThat(keys.authenticate(revoked.secret())).isEmpty();
            assertThat(keys.size()).isEqualTo(1);
        }
    }

    @Test
    void followsNewAndRevokedKeysWithinTheRefreshInterval() {
        try (PostgresApiKeys keys = PostgresApiKeys.start(config(FAST))) {
            IssuedApiKey writer = admin.create(Scope.MERCHANT_WRITE, DEMO, "");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> keys.authenticate(writer.secret()).isPresent());

            admin.revoke(writer.keyId());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> keys.authenticate(writer.secret()).isEmpty());
        }
    }

    @Test
    void aFullReloadDropsARowDeletedBehindItsBack() {
        IssuedApiKey platform = admin.create(Scope.PLATFORM, Optional.empty(), "");
        ApiKeyStoreConfig everyRefreshIsFull =
                new ApiKeyStoreConfig(warehouse.jdbcUrl(), "postgres", "postgres", FAST, FAST, 1);
        try (PostgresApiKeys keys = PostgresApiKeys.start(everyRefreshIsFull)) {
            assertThat(keys.authenticate(platform.secret())).isPresent();
            warehouse.execute("DELETE FROM api_keys");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> keys.authenticate(platform.secret()).isEmpty());
        }
    }

    @Test
    void answersFromMemoryWhenTheWarehouseIsGone() {
        try (TestingWarehouse own = TestingWarehouse.start()) {
            IssuedApiKey platform = own.keyAdmin().create(Scope.PLATFORM, Optional.empty(), "");
            PostgresApiKeys keys = PostgresApiKeys.start(
                    new ApiKeyStoreConfig(own.jdbcUrl(), "postgres", "postgres", FAST, Duration.ofHours(1), 1));
            try {
                own.close();
                // Known keys still pass and unknown ones are refused without asking the (now absent) store.
                for (int i = 0; i < 1_000; i++) {
                    assertThat(keys.authenticate(ApiKeyDigest.newKey())).isEmpty();
                }
                assertThat(keys.authenticate(platform.secret())).isPresent();
                await().atMost(Duration.ofSeconds(5))
                        .until(() -> keys.snapshotAge().compareTo(Duration.ofMillis(500)) > 0);
                assertThat(keys.authenticate(platform.secret()))
                        .as("the last copy keeps serving")
                        .isPresent();
            } finally {
                keys.close();
            }
        }
    }

    @Test
    void aGatewayWhoseWarehouseIsDownRefusesToStartWithinSecondsSayingWhy() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String nowhere = "jdbc:postgresql://127.0.0.1:" + closedPort + "/insights";
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                                Duration.ofSeconds(15),
                                () -> PostgresApiKeys.start(
                                        ApiKeyStoreConfig.defaults(nowhere, "postgres", "postgres"))))
                .isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("does not start without its API keys")
                .hasMessageContaining(nowhere);
    }

    @Test
    void refusesEmptyAndOversizedKeysWithoutHashingThem() {
        try (PostgresApiKeys keys = PostgresApiKeys.start(config(Duration.ofHours(1)))) {
            assertThat(keys.authenticate("")).isEmpty();
            assertThat(keys.authenticate("x".repeat(10_000))).isEmpty();
        }
    }

    private static ApiKeyStoreConfig config(Duration refresh) {
        return ApiKeyStoreConfig.defaults(warehouse.jdbcUrl(), "postgres", "postgres")
                .withRefreshInterval(refresh);
    }
}
