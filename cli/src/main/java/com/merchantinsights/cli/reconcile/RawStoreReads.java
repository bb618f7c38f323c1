package com.merchantinsights.cli.reconcile;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
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
 * the raw rows of an identity whose versions lie in several hours.
 */
public final class RawStoreReads {
    private final CqlSession session;
    private final PreparedStatement rawRowsPerMerchant;
    private final PreparedStatement rawRowsOfMerchant;
    private final PreparedStatement rejectedLetters;
    private final PreparedStatement dirtyMarks;
    private final PreparedStatement storedRow;
    private final ShardLayout layout;

    public RawStoreReads(CqlSession session) {
        this.session = session;
        Map<String, Integer> settings = new HashMap<>();
        for (Row row : session.execute(SimpleStatement.newInstance(ShardLayout.SELECT_CQL)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))) {
            settings.put(row.getString("setting"), row.isNull("value") ? null : row.getInt("value"));
        }
        this.layout = ShardLayout.fromSettings(settings);
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
        this.storedRow = session.prepare("SELECT kafka_partition, kafka_offset FROM " + raw
                + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND event_id = ?");
    }

    /** The raw rows of each identity in the given hours: where the stream stored it (decision 0026). */
    public Map<EventIdentity, List<StoredRow>> storedRows(Map<EventIdentity, Set<Instant>> candidates) {
        Map<EventIdentity, List<StoredRow>> stored = new HashMap<>();
        candidates.forEach((identity, hours) -> {
            for (Instant hour : hours) {
                Row row = session.execute(quorum(storedRow.bind(hour, layout.shardOf(identity.eventId(), hour),
                        identity.merchantId(), identity.eventId()))).one();
                if (row != null) {
                    stored.computeIfAbsent(identity, i -> new ArrayList<>()).add(new StoredRow(hour,
                            row.isNull(0) ? null : row.getInt(0), row.isNull(1) ? null : row.getLong(1)));
                }
            }
        });
        return stored;
    }

    /** Raw rows of every shard of each hour; only {@code merchants} when not empty. */
    public HourCounts rawRows(Collection<Instant> hours, Set<String> merchants) {
        List<HourCount> counts = new ArrayList<>();
        for (Instant hour : hours) {
            for (int shard : layout.shardsOfHour(hour)) {
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
