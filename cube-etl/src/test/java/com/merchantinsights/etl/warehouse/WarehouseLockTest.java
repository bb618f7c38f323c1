package com.merchantinsights.etl.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.merchantinsights.testing.TestingPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A change that waits for the warehouse lock gives up after its bound instead of waiting forever (issue 20). */
class WarehouseLockTest {
    private static TestingPostgres warehouse;

    @BeforeAll
    static void start() {
        warehouse = TestingPostgres.startWarehouse();
    }

    @AfterAll
    static void stop() {
        warehouse.close();
    }

    @Test
    void aWaiterGivesUpAfterItsBoundAndTheNextTransactionKeepsNoTimeout() throws Exception {
        try (Connection holder = warehouse.dataSource().getConnection();
                Connection waiter = warehouse.dataSource().getConnection()) {
            holder.setAutoCommit(false);
            WarehouseLock.inTransaction(holder);
            waiter.setAutoCommit(false);
            // Without the bound the wait lasts as long as the holder: the preemptive limit fails the test then.
            assertThatThrownBy(() -> assertTimeoutPreemptively(
                            Duration.ofSeconds(5), () -> WarehouseLock.inTransaction(waiter, Duration.ofMillis(200))))
                    .isInstanceOfSatisfying(SQLException.class, e -> {
                        assertThat(e.getSQLState()).isEqualTo("55P03");
                        assertThat(e.getMessage()).contains("held the warehouse lock for over PT0.2S");
                    });
            waiter.rollback();
            holder.commit();
            WarehouseLock.inTransaction(waiter, Duration.ofMillis(200));
            try (Statement s = waiter.createStatement();
                    var timeout = s.executeQuery("SHOW lock_timeout")) {
                timeout.next();
                assertThat(timeout.getString(1))
                        .as("the bound was for the wait only")
                        .isEqualTo("0");
            }
            waiter.commit();
        }
    }

    @Test
    void aSessionLockWaitsAtMostItsBoundToo() throws Exception {
        try (Connection holder = warehouse.dataSource().getConnection();
                Connection waiter = warehouse.dataSource().getConnection()) {
            WarehouseLock.forSession(holder);
            try {
                assertThatThrownBy(() -> assertTimeoutPreemptively(
                                Duration.ofSeconds(5), () -> WarehouseLock.forSession(waiter, Duration.ofMillis(200))))
                        .isInstanceOf(SQLException.class);
            } finally {
                WarehouseLock.releaseForSession(holder);
            }
            WarehouseLock.forSession(waiter, Duration.ofMillis(200));
            WarehouseLock.releaseForSession(waiter);
        }
    }
}
