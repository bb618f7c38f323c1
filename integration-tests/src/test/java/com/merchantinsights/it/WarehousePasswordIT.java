package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local warehouse asks every connection for the password the stack made at its first start (scram-sha-256),
 * kept owner-only in its secrets: a local user without it cannot connect, let alone insert an admin key.
 */
@ExtendWith(SharedSystem.class)
class WarehousePasswordIT {
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
}
