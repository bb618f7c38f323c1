package com.merchantinsights.testing;

import com.merchantinsights.core.layout.WarehouseLayout;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A real PostgreSQL for tests, a child process from zonky's binaries (Maven Central, no Docker), with the warehouse's
 * Flyway migrations applied. Each instance is its own server on a free port; close it when the tests are done.
 */
public final class TestingPostgres implements AutoCloseable {
    /** The warehouse migrations, from core's resources: the schema the services and jobs run against. */
    private static final String WAREHOUSE_MIGRATIONS = WarehouseLayout.MIGRATIONS;

    private static final String USER = "postgres";
    /** The server trusts local connections; clients that must send a password may send this one. */
    private static final String PASSWORD = "postgres";

    private static final String DATABASE = "postgres";

    private final EmbeddedPostgres postgres;

    private TestingPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A new server with every warehouse migration applied. */
    public static TestingPostgres startWarehouse() {
        EmbeddedPostgres postgres = startServer();
        try {
            Flyway.configure()
                    .dataSource(postgres.getPostgresDatabase())
                    .locations(WAREHOUSE_MIGRATIONS)
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            closeAfterFailure(postgres, e);
            throw e;
        }
        return new TestingPostgres(postgres);
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public String user() {
        return USER;
    }

    public String password() {
        return PASSWORD;
    }

    public DataSource dataSource() {
        return postgres.getPostgresDatabase();
    }

    /** Runs one statement; a failure is an {@link IllegalStateException} whose message is the statement. */
    public void execute(String sql) {
        try (Connection connection = dataSource().getConnection();
                Statement statement = connection.createStatement()) {
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

    private static EmbeddedPostgres startServer() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeAfterFailure(EmbeddedPostgres postgres, RuntimeException failure) {
        try {
            postgres.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
