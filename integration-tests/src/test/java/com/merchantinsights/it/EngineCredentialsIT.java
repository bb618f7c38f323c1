package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.AllNodesFailedException;
import com.datastax.oss.driver.api.core.CqlSession;
import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local engines ask every connection for the credentials the stack made at its first start, kept owner-only in
 * its secrets: the warehouse (scram-sha-256) and Cassandra (PasswordAuthenticator, the default superuser disabled). A
 * local user without them cannot connect, let alone insert an admin key or rewrite raw events.
 */
@ExtendWith(SharedSystem.class)
class EngineCredentialsIT {
    @Test
    void theWarehouseRefusesAConnectionWithoutItsPassword() throws Exception {
        var system = SharedSystem.system();
        String url = system.engines().jdbcUrl();
        String user = system.engines().jdbcUser();

        assertThatThrownBy(
                        () -> DriverManager.getConnection(url, user, "postgres").close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
        Properties noPassword = new Properties();
        noPassword.setProperty("user", user);
        assertThatThrownBy(() -> DriverManager.getConnection(url, noPassword).close())
                .isInstanceOf(SQLException.class);

        try (Connection connection =
                DriverManager.getConnection(url, user, system.engines().jdbcPassword())) {
            assertThat(connection.isValid(5)).isTrue();
        }
        assertThat(OwnerOnlyFile.octalPermissions(system.config().directories().warehousePassword()))
                .contains("0600");
    }

    @Test
    void cassandraRefusesAClientWithoutOurRoleAndTheDefaultSuperuserIsDisabled() throws Exception {
        var system = SharedSystem.system();
        var endpoints = system.engines().endpoints();
        for (String[] credentials :
                new String[][] {null, {"cassandra", "cassandra"}, {endpoints.cassandraUser(), "x"}}) {
            var builder = CqlSession.builder()
                    .addContactPoint(endpoints.cassandraContactPoint())
                    .withLocalDatacenter(endpoints.cassandraLocalDatacenter());
            if (credentials != null) {
                builder = builder.withAuthCredentials(credentials[0], credentials[1]);
            }
            var attempt = builder;
            assertThatThrownBy(() -> attempt.build().close())
                    .as(credentials == null ? "no credentials" : credentials[0])
                    .isInstanceOf(AllNodesFailedException.class);
        }
        try (CqlSession ours = endpoints.cql().build()) {
            assertThat(ours.execute("SELECT release_version FROM system.local").one())
                    .isNotNull();
        }
        assertThat(OwnerOnlyFile.octalPermissions(system.config().directories().cassandraPassword()))
                .contains("0600");
    }
}
