package com.merchantinsights.cli.reconcile;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Cassandra holds for the reconciliation: raw rows per hour and merchant, rejected dead letters, dirty marks, and
 * the hour of an identity's stored version.
 */
public final class RawStoreReads {
    private final CqlSession session;
    private final PreparedStatement rawRowsPerMerchant;
    private final PreparedStatement rawRowsOfMerchant;
    private final PreparedStatement rejectedLetters;
    private final PreparedStatement dirtyMarks;
    private final PreparedStatement identityHour;

    public RawStoreReads(CqlSession session) {
        this.session = session;
        String raw = table(RawEventLayout.RAW_EVENTS_TABLE);
        // Counted by Cassandra, one group per merchant of the (hour, shard) partition: no rows travel to the CLI.
        this.rawRowsPerMerchant = session.prepare("SELECT merchant_id, count(*) AS rows FROM " + raw
                + " WHERE event_hour = ? AND shard = ? GROUP BY event_hour, shard, merchant_id");
        this.rawRowsOfMerchant = session.prepare("SELECT count(*) AS rows FROM " + raw
                + " WHERE event_hour = ? AND shard = ? AND merchant_id = ?");
        this.rejectedLetters = session.prepare("SELECT source, payload, resolution FROM "
                + table(RawEventLayout.DEAD_LETTERS_TABLE) + " WHERE kind = ? AND recorded_day = ?");
        this.dirtyMarks = session.prepare("SELECT merchant_id FROM "
                + table(RawEventLayout.DIRTY_MARKS_TABLE) + " WHERE event_hour = ?");
        this.identityHour = session.prepare("SELECT event_hour FROM "
                + table(RawEventLayout.EVENT_IDENTITIES_TABLE) + " WHERE merchant_id = ? AND event_id = ?");
    }

    /** The hour of each identity's stored version, from the identity table; identities never claimed are left out. */
    public Map<EventIdentity, Instant> storedHours(Collection<EventIdentity> identities) {
        Map<EventIdentity, Instant> hours = new HashMap<>();
        for (EventIdentity identity : identities) {
            Row row = session.execute(quorum(identityHour.bind(identity.merchantId(), identity.eventId()))).one();
            if (row != null && row.getInstant("event_hour") != null) {
                hours.put(identity, row.getInstant("event_hour"));
            }
        }
        return hours;
    }

    /** Raw rows of every shard of each hour; only {@code merchants} when not empty. */
    public HourCounts rawRows(Collection<Instant> hours, Set<String> merchants) {
        List<HourCount> counts = new ArrayList<>();
        for (Instant hour : hours) {
            for (int shard : RawEventLayout.allShards()) {
                if (merchants.isEmpty()) {
                    for (Row row : session.execute(quorum(rawRowsPerMerchant.bind(hour, shard)))) {
                        counts.add(new HourCount(hour, row.getString("merchant_id"), row.getLong("rows")));
                    }
                } else {
                    for (String merchant : merchants) {
                        Row row = session.execute(quorum(rawRowsOfMerchant.bind(hour, shard, merchant))).one();
                        long rows = row == null ? 0 : row.getLong("rows");
                        if (rows > 0) {
                            counts.add(new HourCount(hour, merchant, rows));
                        }
                    }
                }
            }
        }
        return HourCounts.of(counts);
    }

    /** The rejected letters recorded on the UTC days [first, last] (conflicts never count, so they are not read). */
    public DeadLetterTally rejectedLetters(LocalDate first, LocalDate last) {
        DeadLetterTally tally = new DeadLetterTally();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Row row : session.execute(quorum(rejectedLetters.bind(DeadLetterFields.KIND_REJECTED, day)))) {
                tally.add(new StoredDeadLetter(DeadLetterFields.KIND_REJECTED, row.getString("source"),
                        row.getString("payload"), row.getString("resolution")));
            }
        }
        return tally;
    }

    /** The (hour, merchant) pairs with a dirty mark: rows stored since the ETL last rebuilt them. */
    public Set<HourMerchant> dirtyCells(Collection<Instant> hours) {
        Set<HourMerchant> cells = new HashSet<>();
        for (Instant hour : hours) {
            for (Row row : session.execute(quorum(dirtyMarks.bind(hour)))) {
                cells.add(new HourMerchant(hour, row.getString("merchant_id")));
            }
        }
        return cells;
    }

    private static BoundStatement quorum(BoundStatement statement) {
        return statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    }

    private static String table(String name) {
        return RawEventLayout.KEYSPACE + "." + name;
    }
}
