package com.merchantinsights.service.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The warehouse's {@code admin_audit} table: one row per administrative act that changed something — who (an admin
 * key's id, or {@code os-user:<name>} for the CLI on the operator's own machine), what, on what, under which request,
 * and when (the database's clock). Writers record an act in the transaction that performs it where there is one.
 */
public final class AdminAudit {
    private AdminAudit() {}

    /** One administrative act as recorded. */
    public record Entry(Instant at, String actor, String action, Optional<String> subject, Optional<String> requestId) {
        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    public static void record(Connection connection, String actor, String action, String subject, String requestId)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO admin_audit (actor, action, subject, request_id) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, actor);
            insert.setString(2, action);
            insert.setString(3, subject);
            insert.setString(4, requestId);
            insert.executeUpdate();
        }
    }

    /** The newest {@code limit} acts, newest first. */
    public static List<Entry> newest(Connection connection, int limit) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT at, actor, action, subject, request_id FROM admin_audit ORDER BY id DESC LIMIT ?")) {
            select.setInt(1, limit);
            try (ResultSet rows = select.executeQuery()) {
                List<Entry> entries = new ArrayList<>();
                while (rows.next()) {
                    entries.add(new Entry(
                            rows.getTimestamp("at").toInstant(),
                            rows.getString("actor"),
                            rows.getString("action"),
                            Optional.ofNullable(rows.getString("subject")),
                            Optional.ofNullable(rows.getString("request_id"))));
                }
                return entries;
            }
        }
    }
}
