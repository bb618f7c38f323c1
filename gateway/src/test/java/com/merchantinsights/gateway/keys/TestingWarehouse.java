package com.merchantinsights.gateway.keys;

import com.merchantinsights.service.keys.KeyAdmin;
import com.merchantinsights.testing.TestingPostgres;
import javax.sql.DataSource;

/** The key store tests' warehouse: the shared {@link TestingPostgres} fixture, and a key administrator of it. */
public final class TestingWarehouse implements AutoCloseable {
    private final TestingPostgres postgres;

    private TestingWarehouse(TestingPostgres postgres) {
        this.postgres = postgres;
    }

    public static TestingWarehouse start() {
        return new TestingWarehouse(TestingPostgres.startWarehouse());
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    public DataSource dataSource() {
        return postgres.dataSource();
    }

    public KeyAdmin keyAdmin() {
        return KeyAdmin.forWarehouse(postgres.jdbcUrl(), postgres.user(), postgres.password());
    }

    public void execute(String sql) {
        postgres.execute(sql);
    }

    @Override
    public void close() {
        postgres.close();
    }
}
