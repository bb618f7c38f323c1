package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.gateway.keys.TestingWarehouse;
import com.merchantinsights.service.identity.IdentityKeys;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two gateway replicas' limiters on one real PostgreSQL (with the warehouse migrations) share each key's bucket. */
class SharedRateLimitTest {
    /** 10 requests a minute, bursts of 3: no token comes back during the test. */
    private static final GatewayConfig.RateLimit LIMIT = new GatewayConfig.RateLimit(10, Duration.ofMinutes(1), 3);

    private static TestingWarehouse warehouse;

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingWarehouse.start();
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @Test
    void replicasTakeFromTheSameBucket() {
        KeyRateLimiter replicaA = KeyRateLimiter.shared(LIMIT, warehouse.dataSource());
        KeyRateLimiter replicaB = KeyRateLimiter.shared(LIMIT, warehouse.dataSource());

        assertThat(replicaA.tryAcquire("key_shared0001").admitted()).isTrue();
        assertThat(replicaA.tryAcquire("key_shared0001").admitted()).isTrue();
        assertThat(replicaB.tryAcquire("key_shared0001").admitted()).isTrue();
        KeyRateLimiter.Admission fourth = replicaB.tryAcquire("key_shared0001");
        assertThat(fourth.admitted())
                .as("the burst of 3 is spent across both replicas")
                .isFalse();
        assertThat(fourth.retryAfterSeconds()).isBetween(1L, 6L);
        assertThat(replicaA.tryAcquire("key_shared0001").admitted()).isFalse();
        assertThat(replicaA.tryAcquire("key_shared0002").admitted())
                .as("another key has its own bucket")
                .isTrue();
    }

    @Test
    void inMemoryReplicasEachAdmitTheFullBurst() {
        // The contrast that makes the shared test mean something: per-replica buckets admit 3 each.
        KeyRateLimiter replicaA = new KeyRateLimiter(LIMIT);
        KeyRateLimiter replicaB = new KeyRateLimiter(LIMIT);
        for (int i = 0; i < 3; i++) {
            assertThat(replicaA.tryAcquire("key_local00001").admitted()).isTrue();
        }
        assertThat(replicaB.tryAcquire("key_local00001").admitted()).isTrue();
    }

    @Test
    void anUnreachableStoreAdmitsAndCountsTheFailure() {
        org.postgresql.ds.PGSimpleDataSource unreachable = new org.postgresql.ds.PGSimpleDataSource();
        unreachable.setURL("jdbc:postgresql://127.0.0.1:9/nowhere?connectTimeout=1");
        KeyRateLimiter limiter = KeyRateLimiter.shared(LIMIT, unreachable);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("key_outage0001").admitted()).isTrue();
        }
        assertThat(limiter.storeFailures()).isEqualTo(5);
    }

    @Test
    void aKeysRowLockedByAnotherSessionAdmitsWithinMillisecondsAndBacksOff() throws Exception {
        try (com.zaxxer.hikari.HikariDataSource pool =
                Gateway.pool(new GatewayConfig.RateLimitStore.Postgres(warehouse.jdbcUrl(), "postgres", "postgres"))) {
            KeyRateLimiter limiter = KeyRateLimiter.shared(LIMIT, pool);
            assertThat(limiter.tryAcquire("key_locked0001").admitted()).isTrue();
            try (java.sql.Connection holder = warehouse.dataSource().getConnection()) {
                holder.setAutoCommit(false);
                try (var lock = holder.prepareStatement(
                        "SELECT * FROM " + KeyRateLimiter.SHARED_TABLE + " WHERE id = 'key_locked0001' FOR UPDATE")) {
                    lock.executeQuery().close();
                }
                // Without the lock and statement timeouts this waits for the holder until the socket gives up (1 s):
                // the preemptive bound fails it.
                KeyRateLimiter.Admission admission = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                        Duration.ofMillis(800), () -> limiter.tryAcquire("key_locked0001"));
                assertThat(admission.admitted()).as("fails open").isTrue();
                assertThat(limiter.storeFailures()).isEqualTo(1);
                // For the back-off the store is not asked: another key's request is admitted at once, counted too.
                assertThat(limiter.tryAcquire("key_locked0002").admitted()).isTrue();
                assertThat(limiter.storeFailures()).isEqualTo(2);
                holder.rollback();
            }
        }
    }

    @Test
    void twoGatewaysConfiguredWithThePostgresStoreRefuseTogether() throws Exception {
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String key = keys.add(new com.merchantinsights.core.identity.Identity(
                "key_gateways01", com.merchantinsights.core.identity.Scope.PLATFORM, java.util.Optional.empty()));
        java.net.URI nowhere = java.net.URI.create("http://127.0.0.1:9");
        GatewayConfig config = GatewayConfig.defaults(
                        0, nowhere, nowhere, IdentityKeys.generate("gw").encoded())
                .withRateLimit(LIMIT)
                .withRateLimitStore(
                        new GatewayConfig.RateLimitStore.Postgres(warehouse.jdbcUrl(), "postgres", "postgres"));
        try (Gateway first = Gateway.start(config, keys);
                Gateway second = Gateway.start(config, keys)) {
            java.util.List<Integer> statuses = new java.util.ArrayList<>();
            for (Gateway gateway : java.util.List.of(first, second, first, second)) {
                statuses.add(metricsCatalogue(gateway, key));
            }
            // The backend is unreachable (503) while tokens last; the fourth request finds the shared bucket empty.
            assertThat(statuses).containsExactly(503, 503, 503, 429);
        }
    }

    private static int metricsCatalogue(Gateway gateway, String key) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + gateway.port() + "/v1/metrics"))
                .header("Authorization", "Bearer " + key)
                .build();
        return java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
