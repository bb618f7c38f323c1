package com.merchantinsights.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.testing.TestingPostgres;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The chart's install hooks (decision 0052) on a real PostgreSQL and fabric8's Kubernetes API server in CRUD mode: the
 * migrations on an empty warehouse, and the first admin key written into a Secret once, never twice, and revoked when
 * its Secret could not be written.
 */
@EnableKubernetesMockClient(crud = true)
class OpsTasksTest {
    private static final String NAMESPACE = "insights";
    private static final String SECRET = "merchant-insights-first-admin-key";
    private static TestingPostgres postgres;

    KubernetesClient kubernetes;

    @BeforeAll
    static void start() {
        postgres = TestingPostgres.startWarehouse();
    }

    @AfterAll
    static void stop() {
        postgres.close();
    }

    @BeforeEach
    void noKeys() {
        postgres.execute("TRUNCATE api_keys, admin_audit");
    }

    @Test
    void migrateBringsAnEmptyWarehouseToTheLatestVersionAndThenHasNothingToDo() throws Exception {
        postgres.execute("DROP DATABASE IF EXISTS fresh_install");
        postgres.execute("CREATE DATABASE fresh_install");
        OpsTasks.Jdbc fresh = new OpsTasks.Jdbc(
                postgres.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/fresh_install$1"),
                postgres.user(),
                postgres.password());

        assertThat(OpsTasks.migrate(fresh)).isZero();
        assertThat(latestVersion(fresh)).isEqualTo(latestVersion(warehouse()));
        assertThat(tableExists(fresh, "admin_operations")).isTrue();
        long applied = appliedCount(fresh);
        assertThat(OpsTasks.migrate(fresh)).isZero();
        assertThat(appliedCount(fresh)).as("a second run applies nothing").isEqualTo(applied);
    }

    @Test
    void theFirstAdminKeyIsWrittenIntoItsSecretOnceAndIsAWorkingAdminKey() throws Exception {
        assertThat(OpsTasks.bootstrapAdmin(warehouse(), kubernetes, NAMESPACE, SECRET))
                .isZero();
        Secret secret =
                kubernetes.secrets().inNamespace(NAMESPACE).withName(SECRET).get();
        String key = key(secret).strip();
        String keyId = secret.getMetadata().getAnnotations().get("merchant-insights/key-id");
        try (Connection c = connect(warehouse());
                ResultSet row = c.createStatement()
                        .executeQuery("SELECT key_id, scope, revoked_at FROM api_keys WHERE digest = '"
                                + ApiKeyDigest.sha256Hex(key) + "'")) {
            assertThat(row.next()).as("the Secret's key is a registered key").isTrue();
            assertThat(row.getString("key_id")).isEqualTo(keyId);
            assertThat(row.getString("scope")).isEqualTo("admin");
            assertThat(row.getTimestamp("revoked_at")).isNull();
        }

        assertThat(OpsTasks.bootstrapAdmin(warehouse(), kubernetes, NAMESPACE, SECRET))
                .as("an admin key exists: nothing to do, not a failure")
                .isZero();
        assertThat(key(kubernetes
                        .secrets()
                        .inNamespace(NAMESPACE)
                        .withName(SECRET)
                        .get()))
                .as("the Secret is left as it was")
                .isEqualTo(key + "\n");
        assertThat(count("SELECT count(*) FROM api_keys WHERE scope = 'admin'")).isEqualTo(1);
    }

    @Test
    void aKeyWhoseSecretCannotBeWrittenIsRevokedSoThatTheRetryMakesAnother() throws Exception {
        kubernetes
                .secrets()
                .inNamespace(NAMESPACE)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(SECRET)
                        .endMetadata()
                        .addToStringData("admin.key", "someone else's")
                        .build())
                .create();

        assertThat(OpsTasks.bootstrapAdmin(warehouse(), kubernetes, NAMESPACE, SECRET))
                .isEqualTo(1);
        assertThat(count("SELECT count(*) FROM api_keys WHERE scope = 'admin' AND revoked_at IS NULL"))
                .as("no usable key that nobody holds")
                .isZero();
        assertThat(count("SELECT count(*) FROM api_keys WHERE scope = 'admin' AND revoked_at IS NOT NULL"))
                .isEqualTo(1);

        kubernetes.secrets().inNamespace(NAMESPACE).withName(SECRET).delete();
        assertThat(OpsTasks.bootstrapAdmin(warehouse(), kubernetes, NAMESPACE, SECRET))
                .isZero();
        assertThat(count("SELECT count(*) FROM api_keys WHERE scope = 'admin' AND revoked_at IS NULL"))
                .isEqualTo(1);
    }

    private static String key(Secret secret) {
        if (secret.getStringData() != null && secret.getStringData().containsKey(OpsTasks.KEY_FILE)) {
            return secret.getStringData().get(OpsTasks.KEY_FILE);
        }
        return new String(Base64.getDecoder().decode(secret.getData().get(OpsTasks.KEY_FILE)), StandardCharsets.UTF_8);
    }

    private static OpsTasks.Jdbc warehouse() {
        return new OpsTasks.Jdbc(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    private static Connection connect(OpsTasks.Jdbc jdbc) throws Exception {
        return DriverManager.getConnection(jdbc.url(), jdbc.user(), jdbc.password());
    }

    private static long count(String sql) throws Exception {
        try (Connection c = connect(warehouse());
                ResultSet row = c.createStatement().executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String latestVersion(OpsTasks.Jdbc jdbc) throws Exception {
        try (Connection c = connect(jdbc);
                ResultSet row = c.createStatement()
                        .executeQuery("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"
                                + " DESC LIMIT 1")) {
            row.next();
            return row.getString(1);
        }
    }

    private static long appliedCount(OpsTasks.Jdbc jdbc) throws Exception {
        try (Connection c = connect(jdbc);
                ResultSet row = c.createStatement().executeQuery("SELECT count(*) FROM flyway_schema_history")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static boolean tableExists(OpsTasks.Jdbc jdbc, String table) throws Exception {
        try (Connection c = connect(jdbc);
                ResultSet row = c.createStatement().executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }
}
