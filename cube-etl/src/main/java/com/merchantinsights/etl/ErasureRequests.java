package com.merchantinsights.etl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Erasure requests in the warehouse ({@code erasure_requests}, issue 23, decision 0053): the operations service records
 * one, the cube refresh carries it out once the stream has stored every event accepted before it, and both read it.
 * One open request per person and merchant (a unique index): a second request answers the first.
 */
public final class ErasureRequests {
    /** A request's life: recorded, its raw side being erased, its cube cells waiting for a refresh, finished. */
    public enum State {
        PENDING,
        ERASING,
        REBUILDING,
        DONE,
        FAILED;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static State of(String wire) {
            return valueOf(wire.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * One request as recorded.
     *
     * @param persons      {@code c:}/{@code a:} and the identifier in every stored form; empty once it ended
     * @param topicOffsets the events topic's end offsets when it was recorded: what the stream must have stored first
     * @param progress     per store, what was done (a JSON object)
     */
    public record Request(
            String id,
            String merchantId,
            List<String> persons,
            boolean suppress,
            String requestedBy,
            Instant requestedAt,
            Map<Integer, Long> topicOffsets,
            State state,
            String progress,
            Optional<Instant> startedAt,
            Optional<Instant> finishedAt,
            Optional<String> failure) {}

    private static final String COLUMNS = "erasure_id, merchant_id, persons, suppress, requested_by, requested_at,"
            + " topic_offsets, state, progress::text, started_at, finished_at, failure";

    private ErasureRequests() {}

    /** A digest of the merchant and the persons (order-free): one open request per value. */
    public static String personKey(String merchantId, List<String> persons) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(merchantId.getBytes(StandardCharsets.UTF_8));
            for (String person : new TreeSet<>(persons)) {
                sha.update((byte) 0);
                sha.update(person.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records a request, or answers the open one for the same person and merchant (then {@code created} is false).
     */
    public record Recorded(Request request, boolean created) {}

    public static Recorded record(
            Connection connection,
            String id,
            String merchantId,
            List<String> persons,
            boolean suppress,
            String requestedBy,
            Instant now,
            Map<Integer, Long> topicOffsets)
            throws SQLException {
        String key = personKey(merchantId, persons);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO erasure_requests (erasure_id,"
                + " merchant_id, persons, person_key, suppress, requested_by, requested_at, topic_offsets, state)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending') ON CONFLICT (person_key)"
                + " WHERE state IN ('pending', 'erasing', 'rebuilding') DO NOTHING")) {
            insert.setString(1, id);
            insert.setString(2, merchantId);
            insert.setArray(3, connection.createArrayOf("text", persons.toArray()));
            insert.setString(4, key);
            insert.setBoolean(5, suppress);
            insert.setString(6, requestedBy);
            insert.setObject(7, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            insert.setString(8, FeedOffsets.format(topicOffsets));
            if (insert.executeUpdate() == 1) {
                return new Recorded(find(connection, id).orElseThrow(), true);
            }
        }
        try (PreparedStatement open = connection.prepareStatement("SELECT " + COLUMNS + " FROM erasure_requests"
                + " WHERE person_key = ? AND state IN ('pending', 'erasing', 'rebuilding')")) {
            open.setString(1, key);
            List<Request> found = read(open);
            if (found.isEmpty()) {
                // It ended between the insert and this read: record the new one after all.
                return record(connection, id, merchantId, persons, suppress, requestedBy, now, topicOffsets);
            }
            return new Recorded(found.get(0), false);
        }
    }

    public static Optional<Request> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM erasure_requests WHERE erasure_id = ?")) {
            select.setString(1, id);
            return read(select).stream().findFirst();
        }
    }

    /** The requests in these states, oldest first. */
    public static List<Request> inState(Connection connection, State... states) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM erasure_requests WHERE state = ANY (?) ORDER BY requested_at, erasure_id")) {
            select.setArray(
                    1,
                    connection.createArrayOf(
                            "text", Arrays.stream(states).map(State::wireName).toArray()));
            return read(select);
        }
    }

    /**
     * Whether the applied cube feed covers the offsets: every partition's position, over every stream's feed, at or
     * past the request's. The stream writes the feed after the batch's raw rows and lookup rows, so by then every
     * event accepted before the request is stored and findable.
     */
    public static boolean covered(Connection connection, Map<Integer, Long> offsets) throws SQLException {
        if (offsets.values().stream().allMatch(offset -> offset == 0)) {
            return true;
        }
        Map<Integer, Long> applied = new java.util.HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT end_offsets FROM cube_feed_positions")) {
            while (rs.next()) {
                FeedOffsets.parse(rs.getString(1))
                        .forEach((partition, offset) -> applied.merge(partition, offset, Math::max));
            }
        }
        return offsets.entrySet().stream()
                .allMatch(e -> e.getValue() == 0 || applied.getOrDefault(e.getKey(), -1L) >= e.getValue());
    }

    /** Moves a request on; {@code started} sets started_at when it starts erasing. */
    public static void state(Connection connection, String id, State state, Instant now) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE erasure_requests SET state = ?,"
                + " started_at = CASE WHEN ? = 'erasing' THEN coalesce(started_at, ?) ELSE started_at END"
                + " WHERE erasure_id = ?")) {
            update.setString(1, state.wireName());
            update.setString(2, state.wireName());
            update.setObject(3, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    /** Records one store's figures, e.g. {@code raw_events} → {@code {"state": "done", "rows_deleted": 3}}. */
    public static void progress(Connection connection, String id, String store, Map<String, Long> figures)
            throws SQLException {
        StringBuilder json = new StringBuilder("{\"state\":\"done\"");
        figures.forEach(
                (name, value) -> json.append(",\"").append(name).append("\":").append(value));
        json.append('}');
        try (PreparedStatement update = connection.prepareStatement("UPDATE erasure_requests SET progress ="
                + " jsonb_set(progress, ARRAY[?], ?::jsonb, true) WHERE erasure_id = ?")) {
            update.setString(1, store);
            update.setString(2, json.toString());
            update.setString(3, id);
            update.executeUpdate();
        }
    }

    /**
     * Records why a pass failed and leaves the request open: the next refresh runs it again (every step is idempotent,
     * and the person's lookup rows go last, so a rerun finds what is left).
     */
    public static void failedAttempt(Connection connection, String id, String failure) throws SQLException {
        try (PreparedStatement update =
                connection.prepareStatement("UPDATE erasure_requests SET failure = ? WHERE erasure_id = ?")) {
            update.setString(1, failure);
            update.setString(2, id);
            update.executeUpdate();
        }
    }

    /**
     * Ends a request: done, or failed with the reason. Its persons are dropped either way, so the warehouse keeps no
     * identifier of the person once the request is over.
     */
    public static void finish(Connection connection, String id, State state, String failure, Instant now)
            throws SQLException {
        if (state != State.DONE && state != State.FAILED) {
            throw new IllegalArgumentException("a request ends done or failed: " + state);
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE erasure_requests SET state = ?,"
                + " finished_at = ?, failure = ?, persons = '{}' WHERE erasure_id = ?")) {
            update.setString(1, state.wireName());
            update.setObject(2, java.time.OffsetDateTime.ofInstant(now, java.time.ZoneOffset.UTC));
            update.setString(3, failure);
            update.setString(4, id);
            update.executeUpdate();
        }
    }

    private static List<Request> read(PreparedStatement select) throws SQLException {
        List<Request> requests = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                Array persons = rs.getArray(3);
                requests.add(new Request(
                        rs.getString(1),
                        rs.getString(2),
                        persons == null ? List.of() : List.of((String[]) persons.getArray()),
                        rs.getBoolean(4),
                        rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant(),
                        FeedOffsets.parse(rs.getString(7)),
                        State.of(rs.getString(8)),
                        rs.getString(9),
                        Optional.ofNullable(rs.getObject(10, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant),
                        Optional.ofNullable(rs.getObject(11, OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant),
                        Optional.ofNullable(rs.getString(12))));
            }
        }
        return requests;
    }
}
