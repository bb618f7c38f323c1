package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.testing.TestingPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/insights bootstrap-admin --jdbc-url …}: the first admin key of a warehouse that is not the local stack's. */
class BootstrapAdminCommandTest {
    private static TestingPostgres warehouse;

    @TempDir
    Path workDir;

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingPostgres.startWarehouse();
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @Test
    void createsTheFirstAdminKeyInTheWarehouseTheUrlNamesWithThePasswordFromTheEnvironmentOnce() throws Exception {
        Run first = run(Map.of(BootstrapAdminCommand.PASSWORD_VARIABLE, warehouse.password()));
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out()).contains("Created admin key key_");
        String secret = first.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(secret).hasSizeGreaterThan(20);
        try (Connection c = warehouse.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT count(*) FROM api_keys WHERE scope = 'admin'")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }

        Run second = run(Map.of(BootstrapAdminCommand.PASSWORD_VARIABLE, warehouse.password()));
        assertThat(second.exitCode()).isEqualTo(1);
        assertThat(second.err()).contains("An active admin key exists already");
    }

    @Test
    void refusesWithoutThePasswordInTheEnvironment() {
        Run run = run(Map.of());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(BootstrapAdminCommand.PASSWORD_VARIABLE);
    }

    @Test
    void anUnreachableWarehouseIsNamedInTheMessage() {
        Run run = run(
                Map.of(BootstrapAdminCommand.PASSWORD_VARIABLE, "x"),
                "--jdbc-url",
                "jdbc:postgresql://127.0.0.1:1/insights");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("the warehouse at jdbc:postgresql://127.0.0.1:1/insights");
    }

    private Run run(Map<String, String> environment) {
        return run(environment, "--jdbc-url", warehouse.jdbcUrl(), "--jdbc-user", warehouse.user());
    }

    private Run run(Map<String, String> environment, String... options) {
        BootstrapAdminCommand command = new BootstrapAdminCommand();
        command.environment = environment::get;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = new String[options.length + 2];
        System.arraycopy(options, 0, args, 0, options.length);
        args[options.length] = "--work-dir";
        args[options.length + 1] = workDir.toString();
        int exit = new CommandLine(command)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}
