package com.merchantinsights.gateway.keys;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A real PostgreSQL (zonky's binaries from Maven Central) with the warehouse migrations applied, for key store tests. */
public final class TestingWarehouse implements AutoCloseable {
    private final EmbeddedPostgres postgres;

    private TestingWarehouse(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static TestingWarehouse start() {
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
            Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/warehouse")
                    .loggers("slf4j").load().migrate();
            return new TestingWarehouse(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    public KeyAdmin keyAdmin() {
        return KeyAdmin.forWarehouse(jdbcUrl(), "postgres", "postgres");
    }

    public void execute(String sql) {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
