package com.merchantinsights.etl.operations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The warehouse's {@code admin_operations} table (decision 0052): the operations service logs each long act there
 * before it starts, and whoever runs it — the service itself, or a one-off SparkApplication in a cluster — writes its
 * progress and outcome there. A finished operation is never written again: the first outcome stands.
 */
public final class OperationLog {
    /** Where an operation runs: the service's own threads, or a one-off SparkApplication. */
    public static final String SPARK_APPLICATION = "spark-application/";

    public static final String SERVICE = "ops-api/";

    public enum State {
        RUNNING,
        SUCCEEDED,
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One operation as logged.
     *
     * @param runner      {@code ops-api/<host>} or {@code spark-application/<name>}
     * @param heartbeatAt when its runner last said it is alive
     * @param status      the act's status (an HTTP status: 2xx succeeded), with {@code result} once known
     * @param result      its JSON answer, or its progress while it runs
     * @param readAt      the database's clock when this was read: what {@code heartbeatAt} is compared with, so
     *                    that no two pods' clocks meet
     */
    public record Operation(
            String id,
            String action,
            String parameters,
            String requestedBy,
            Instant startedAt,
            State state,
            String runner,
            Instant heartbeatAt,
            Optional<Instant> finishedAt,
            Optional<Integer> status,
            Optional<String> result,
            Instant readAt) {
        public Operation {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(parameters, "parameters");
            Objects.requireNonNull(requestedBy, "requestedBy");
            Objects.requireNonNull(startedAt, "startedAt");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(heartbeatAt, "heartbeatAt");
            Objects.requireNonNull(finishedAt, "finishedAt");
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(readAt, "readAt");
        }

        /** The SparkApplication's name when one runs it. */
        public Optional<String> sparkApplication() {
            return runner.startsWith(SPARK_APPLICATION)
                    ? Optional.of(runner.substring(SPARK_APPLICATION.length()))
                    : Optional.empty();
        }
    }

    private final Connection connection;

    public OperationLog(Connection connection) {
        this.connection = connection;
    }

    /** Logs a new running operation. */
    public void start(String id, String action, String parameters, String requestedBy, String runner, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO admin_operations (operation_id,"
                + " action, parameters, requested_by, started_at, state, runner, heartbeat_at) VALUES (?, ?, ?, ?, ?,"
                + " 'running', ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, action);
            insert.setString(3, parameters);
            insert.setString(4, requestedBy);
            insert.setTimestamp(5, Timestamp.from(now));
            insert.setString(6, runner);
            insert.setTimestamp(7, Timestamp.from(now));
            insert.executeUpdate();
        }
    }

    /** A running operation's progress (its status and answer so far) and heartbeat; false once it has finished. */
    public boolean progress(String id, int status, String resultJson, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE admin_operations SET status = ?, result ="
                + " ?::jsonb, heartbeat_at = ? WHERE operation_id = ? AND state = 'running'")) {
            update.setInt(1, status);
            update.setString(2, resultJson);
            update.setTimestamp(3, Timestamp.from(now));
            update.setString(4, id);
            return update.executeUpdate() == 1;
        }
    }

    /** The runner is alive, by the database's clock; false once the operation has finished. */
    public boolean heartbeat(String id) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE admin_operations SET heartbeat_at = now() WHERE operation_id = ? AND state = 'running'")) {
            update.setString(1, id);
            return update.executeUpdate() == 1;
        }
    }

    /**
     * Ends a running operation: succeeded when {@code status} is 2xx. False when it had already finished (the first
     * outcome stands: a late writer never overturns it).
     */
    public boolean finish(String id, int status, String resultJson, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE admin_operations SET state = ?, status = ?,"
                + " result = ?::jsonb, finished_at = ?, heartbeat_at = ? WHERE operation_id = ? AND state ="
                + " 'running'")) {
            update.setString(1, (status / 100 == 2 ? State.SUCCEEDED : State.FAILED).wireName());
            update.setInt(2, status);
            if (resultJson == null) {
                update.setNull(3, Types.VARCHAR);
            } else {
                update.setString(3, resultJson);
            }
            update.setTimestamp(4, Timestamp.from(now));
            update.setTimestamp(5, Timestamp.from(now));
            update.setString(6, id);
            return update.executeUpdate() == 1;
        }
    }

    public Optional<Operation> find(String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT *, now() AS read_at FROM admin_operations WHERE operation_id = ?")) {
            select.setString(1, id);
            return one(select);
        }
    }

    /** The newest operation of an action, e.g. the latest re-derivation. */
    public Optional<Operation> latest(String action) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT *, now() AS read_at FROM admin_operations WHERE action = ? ORDER BY started_at DESC LIMIT 1")) {
            select.setString(1, action);
            return one(select);
        }
    }

    /** The oldest operation still running whose runner starts with {@code runnerPrefix}. */
    public Optional<Operation> oldestRunning(String runnerPrefix) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT *, now() AS read_at FROM admin_operations"
                + " WHERE state = 'running' AND runner LIKE ? ORDER BY started_at LIMIT 1")) {
            select.setString(1, runnerPrefix.replace("%", "\\%").replace("_", "\\_") + "%");
            return one(select);
        }
    }

    /** Forgets the operations that finished more than {@code keep} ago; how many. */
    public int prune(java.time.Duration keep) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM admin_operations WHERE state <>"
                + " 'running' AND finished_at < now() - make_interval(secs => ?)")) {
            delete.setDouble(1, keep.toSeconds());
            return delete.executeUpdate();
        }
    }

    private static Optional<Operation> one(PreparedStatement select) throws SQLException {
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            Timestamp finished = row.getTimestamp("finished_at");
            int status = row.getInt("status");
            boolean hasStatus = !row.wasNull();
            return Optional.of(new Operation(
                    row.getString("operation_id"),
                    row.getString("action"),
                    row.getString("parameters"),
                    row.getString("requested_by"),
                    row.getTimestamp("started_at").toInstant(),
                    State.of(row.getString("state")),
                    row.getString("runner"),
                    row.getTimestamp("heartbeat_at").toInstant(),
                    Optional.ofNullable(finished).map(Timestamp::toInstant),
                    hasStatus ? Optional.of(status) : Optional.empty(),
                    Optional.ofNullable(row.getString("result")),
                    row.getTimestamp("read_at").toInstant()));
        }
    }
}
