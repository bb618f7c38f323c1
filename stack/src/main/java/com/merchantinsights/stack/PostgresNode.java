package com.merchantinsights.stack;

import com.merchantinsights.core.layout.WarehouseLayout;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The warehouse: PostgreSQL binaries from Maven Central (zonky), extracted under the working directory and run on
 * a persistent data directory. Zonky drives {@code pg_ctl}, so the server is a daemon rather than a direct child of
 * this JVM; its PID goes to {@code run/postgres.pid} like the others so that {@code down} can still find it.
 */
final class PostgresNode {
    static final String NAME = "postgres";
    static final String USER = "postgres";
    /**
     * Password authentication only (scram-sha-256), on loopback and on the socket: zonky's initdb leaves trust, under
     * which any local user could connect and, say, insert an admin key; the first start replaces it.
     */
    static final String HBA = """
            # Written by the local stack (issue 19): every connection proves the password in var/secrets.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    static final String DATABASE = "postgres";
    static final String MIGRATIONS = WarehouseLayout.MIGRATIONS;
    static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final StackConfig config;
    private final StackDirectories dirs;
    private final String password;
    private EmbeddedPostgres server;
    private boolean closed;

    PostgresNode(StackConfig config) {
        this.config = config;
        this.dirs = config.directories();
        this.password = password(dirs);
    }

    /** The warehouse password: read from the stack's secrets, or made there (owner-only) the first time. */
    static String password(StackDirectories dirs) {
        return GeneratedSecret.readOrCreate(dirs.warehousePassword());
    }

    static String jdbcUrl(Ports ports) {
        return "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/" + DATABASE;
    }

    Path dataDir() {
        return dirs.postgres().resolve("data");
    }

    /** Starts the server (initdb on first start) and waits until {@code SELECT 1} answers. */
    void start(Progress progress) {
        long started = System.nanoTime();
        progress.step(NAME, Files.exists(dataDir().resolve("PG_VERSION")) ? "starting" : "starting (initdb)");
        EmbeddedPostgres embedded;
        try {
            embedded = builder().start(); // blocks until pg_ctl reports the server up
        } catch (IOException | RuntimeException e) {
            throw StackException.withLog(NAME, "postgres did not start", e, dirs.logFile(NAME), tailOfLog());
        }
        synchronized (this) {
            server = embedded;
            if (closed) { // close() ran while zonky was starting: don't leave a server nobody will stop
                stop();
                throw new StackException(NAME, "postgres: the stack is closing");
            }
        }
        postmasterPid()
                .ifPresent(pid ->
                        ProcessHandle.of(pid).map(PidFile::of).ifPresent(record -> record.writeTo(dirs.pidFile(NAME))));
        awaitSelectOne();
        requirePasswords();
        progress.step(NAME, "ready in " + Readiness.elapsed(started) + " (" + jdbcUrl(config.ports()) + ")");
    }

    private EmbeddedPostgres.Builder builder() {
        ProcessBuilder.Redirect log =
                ProcessBuilder.Redirect.appendTo(dirs.logFile(NAME).toFile());
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(config.ports().postgres())
                .setDataDirectory(dataDir())
                .setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dirs.postgres().resolve("bin").toFile())
                .setPGStartupWait(READY_TIMEOUT)
                .setOutputRedirector(log)
                .setErrorRedirector(log)
                // zonky's own readiness check connects too: with the password, once trust is gone.
                .setConnectConfig("password", password)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // PostgreSQL's default of 128 MB held less than the day table of 90 days for 1,000 merchants, so every
                // series query copied its pages from the OS cache again (decision 0030); the chart gives 8 GB. Memory
                // is taken as pages are used, so a small test warehouse costs no more.
                .setServerConfig("shared_buffers", "1GB");
        if (config.durableWarehouse()) {
            // zonky is made for tests and turns durability off (-F, synchronous_commit=off); the warehouse keeps
            // the ETL's record of what it refreshed, so a local run must survive a crash.
            builder.setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
        }
        return builder;
    }

    private void awaitSelectOne() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (true) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(config.ports()), USER, password);
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT 1")) {
                result.next();
                return;
            } catch (SQLException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw StackException.withLog(
                            NAME,
                            "postgres did not answer SELECT 1 within " + READY_TIMEOUT.toSeconds() + " s",
                            e,
                            dirs.logFile(NAME),
                            tailOfLog());
                }
                LockSupport.parkNanos(Readiness.POLL_INTERVAL.toNanos());
            }
        }
    }

    /**
     * Sets the password (scram-sha-256) and, when the data directory still has zonky's trust, replaces pg_hba.conf
     * with {@link #HBA} and reloads: from then on no connection without the password from the stack's secrets.
     */
    private void requirePasswords() {
        Path hba = dataDir().resolve("pg_hba.conf");
        try (Connection connection = DriverManager.getConnection(jdbcUrl(config.ports()), USER, password);
                Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password.replace("'", "''") + "'");
            if (!Files.readString(hba).equals(HBA)) {
                Files.writeString(hba, HBA);
                statement.execute("SELECT pg_reload_conf()");
            }
        } catch (SQLException | IOException e) {
            throw StackException.withLog(
                    NAME,
                    "postgres: could not require passwords (a password in " + dirs.warehousePassword()
                            + " that the warehouse does not know? delete " + dirs.postgres() + " to start afresh)",
                    e,
                    dirs.logFile(NAME),
                    tailOfLog());
        }
    }

    /** Flyway migrate of {@link #MIGRATIONS}; applies only what is new, so it runs on every start. */
    void migrate(Progress progress) {
        MigrateResult result;
        String version;
        try {
            Flyway flyway = Flyway.configure()
                    .dataSource(jdbcUrl(config.ports()), USER, password)
                    .locations(MIGRATIONS)
                    .loggers("slf4j") // the host application's logging decides; never Flyway's console fallback
                    .load();
            result = flyway.migrate();
            version = String.valueOf(
                    flyway.info().current() == null
                            ? "none"
                            : flyway.info().current().getVersion());
        } catch (RuntimeException e) {
            throw StackException.withLog(
                    NAME,
                    "postgres: Flyway migration of " + MIGRATIONS + " failed",
                    e,
                    dirs.logFile(NAME),
                    tailOfLog());
        }
        progress.step(
                NAME,
                "warehouse schema at version " + version + " (" + result.migrationsExecuted
                        + " migrations applied now)");
    }

    /** The postmaster's PID: the first line of {@code postmaster.pid} in the data directory. */
    Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir().resolve("postmaster.pid"));
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code pg_ctl stop -m fast}: open connections are cut rather than waited for. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            throw new StackException(NAME, "postgres: stop failed: " + e.getMessage(), e);
        } finally {
            server = null;
            PidFile.delete(dirs.pidFile(NAME));
        }
    }

    /** SIGQUIT to the postmaster (immediate shutdown) and wait until it is gone; see LocalEngines#crashPostgres. */
    synchronized void crash() {
        if (server == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) {
            throw new StackException(NAME, "postgres: no postmaster to crash");
        }
        try {
            Process kill = new ProcessBuilder(
                            "kill", "-QUIT", String.valueOf(postmaster.get().pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new StackException(NAME, "postgres: kill -QUIT failed");
            }
            postmaster.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new StackException(NAME, "postgres: crash failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException(NAME, "postgres: interrupted while crashing", e);
        } finally {
            // zonky's close releases its lock on the data directory, which the next start in this JVM takes again (its
            // pg_ctl stop fails, the server being gone, and zonky logs that as an error).
            try {
                server.close();
            } catch (IOException e) {
                // the lock is released before the exception
            }
            server = null;
            PidFile.delete(dirs.pidFile(NAME));
        }
    }

    /** Stops for good: a start still in progress on another thread stops its server as soon as it is up. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        stop();
    }

    private List<String> tailOfLog() {
        return LogTail.of(dirs.logFile(NAME), ChildProcess.TAIL_LINES, 0);
    }
}
