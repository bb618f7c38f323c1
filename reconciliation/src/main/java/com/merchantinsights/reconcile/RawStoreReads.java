package com.merchantinsights.reconcile;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.merchantinsights.core.layout.DeadLetterFields;
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
 * What Cassandra holds for the reconciliation: raw rows per hour and merchant, rejected dead letters, and
 * the raw rows of an identity whose versions lie in several hours.
 */
public final class RawStoreReads {
    private final CqlSession session;
    private final PreparedStatement rawIdentities;
    private final PreparedStatement rawIdentitiesOfMerchant;
    private final PreparedStatement rejectedLetters;
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
        // The identities, not only counts: an identity in two hours is an event stored twice (decision 0026).
        this.rawIdentities =
                session.prepare("SELECT merchant_id, event_id FROM " + raw + " WHERE event_hour = ? AND shard = ?");
        this.rawIdentitiesOfMerchant = session.prepare(
                "SELECT merchant_id, event_id FROM " + raw + " WHERE event_hour = ? AND shard = ? AND merchant_id = ?");
        this.rejectedLetters = session.prepare("SELECT source, payload, resolution FROM "
                + table(RawEventLayout.DEAD_LETTERS_TABLE) + " WHERE kind = ? AND recorded_day = ?");
        this.storedRow = session.prepare("SELECT kafka_partition, kafka_offset FROM " + raw
                + " WHERE event_hour = ? AND shard = ? AND merchant_id = ? AND event_id = ?");
    }

    /** The raw rows of each identity in the given hours: where the stream stored it (decision 0026). */
    public Map<EventIdentity, List<StoredRow>> storedRows(Map<EventIdentity, Set<Instant>> candidates) {
        Map<EventIdentity, List<StoredRow>> stored = new HashMap<>();
        candidates.forEach((identity, hours) -> {
            for (Instant hour : hours) {
                Row row = session.execute(quorum(storedRow.bind(
                                hour,
                                layout.shardOf(identity.eventId(), hour),
                                identity.merchantId(),
                                identity.eventId())))
                        .one();
                if (row != null) {
                    stored.computeIfAbsent(identity, i -> new ArrayList<>())
                            .add(new StoredRow(
                                    hour, row.isNull(0) ? null : row.getInt(0), row.isNull(1) ? null : row.getLong(1)));
                }
            }
        });
        return stored;
    }

    /** What the raw store holds in some hours: rows per (hour, merchant), and identities it holds in two of them. */
    public record RawRows(HourCounts counts, List<IdentityFinding> storedTwice) {}

    /**
     * The identities of every raw row of each hour (every shard; only {@code merchants} when not empty): counted per
     * (hour, merchant), and any identity found in two hours of them reported as stored twice (decision 0026: a differing
     * re-send in another hour received after the identity window).
     */
    public RawRows rawRows(Collection<Instant> hours, Set<String> merchants) {
        Map<HourMerchant, Long> counts = new HashMap<>();
        Map<EventIdentity, List<Instant>> hoursOf = new HashMap<>();
        for (Instant hour : hours) {
            for (int shard : layout.shardsOfHour(hour)) {
                List<BoundStatement> reads = new ArrayList<>();
                if (merchants.isEmpty()) {
                    reads.add(rawIdentities.bind(hour, shard));
                } else {
                    merchants.forEach(merchant -> reads.add(rawIdentitiesOfMerchant.bind(hour, shard, merchant)));
                }
                for (BoundStatement read : reads) {
                    for (Row row : session.execute(quorum(read.setPageSize(5_000)))) {
                        EventIdentity identity = new EventIdentity(row.getString(0), row.getString(1));
                        counts.merge(new HourMerchant(hour, identity.merchantId()), 1L, Long::sum);
                        hoursOf.computeIfAbsent(identity, i -> new ArrayList<>(1))
                                .add(hour);
                    }
                }
            }
        }
        List<HourCount> hourCounts = new ArrayList<>();
        counts.forEach((cell, rows) -> hourCounts.add(new HourCount(cell, rows)));
        List<IdentityFinding> twice = new ArrayList<>();
        hoursOf.forEach((identity, stored) -> {
            if (stored.size() > 1) {
                twice.add(new IdentityFinding(
                        IdentityFinding.Kind.STORED_TWICE,
                        identity.merchantId(),
                        identity.eventId(),
                        stored.stream().sorted().toList(),
                        null));
            }
        });
        return new RawRows(HourCounts.of(hourCounts), twice);
    }

    /** The rejected letters recorded on the UTC days [first, last] (conflicts never count, so they are not read). */
    public DeadLetterTally rejectedLetters(LocalDate first, LocalDate last) {
        DeadLetterTally tally = new DeadLetterTally();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Row row : session.execute(quorum(rejectedLetters.bind(DeadLetterFields.KIND_REJECTED, day)))) {
                tally.add(new StoredDeadLetter(
                        DeadLetterFields.KIND_REJECTED,
                        row.getString("source"),
                        row.getString("payload"),
                        row.getString("resolution")));
            }
        }
        return tally;
    }

    /** Every erased identity (issue 23): {@code erased_events}, every identity bucket. */
    public Set<EventIdentity> erasedIdentities() {
        int buckets = RawEventLayout.DEFAULT_IDENTITY_BUCKETS;
        Row setting = session.execute(SimpleStatement.newInstance(
                                "SELECT value FROM " + table(RawEventLayout.RAW_LAYOUT_TABLE) + " WHERE setting = ?",
                                "identity_buckets")
                        .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM))
                .one();
        if (setting != null && !setting.isNull(0)) {
            buckets = setting.getInt(0);
        }
        Set<EventIdentity> erased = new HashSet<>();
        PreparedStatement read = session.prepare(
                "SELECT merchant_id, event_id FROM " + table(RawEventLayout.ERASED_EVENTS_TABLE) + " WHERE bucket = ?");
        for (int bucket = 0; bucket < buckets; bucket++) {
            for (Row row : session.execute(quorum(read.bind(bucket)))) {
                erased.add(new EventIdentity(row.getString(0), row.getString(1)));
            }
        }
        return erased;
    }

    /**
     * The stream's {@code erased} letters of identities that were never stored (not erased ones): new events of a
     * person an erasure suppresses, which the topic holds and the raw store never will.
     */
    public void neverStoredErasedLetters(
            LocalDate first, LocalDate last, Set<EventIdentity> erased, DeadLetterTally tally) {
        // One per identity: a client's retries are records of their own, each with its letter, while the topic side
        // counts the identity once.
        Set<EventIdentity> counted = new HashSet<>();
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            for (Row row : session.execute(quorum(rejectedLetters.bind(DeadLetterFields.KIND_ERASED, day)))) {
                StoredDeadLetter letter = new StoredDeadLetter(
                        DeadLetterFields.KIND_ERASED,
                        row.getString("source"),
                        row.getString("payload"),
                        row.getString("resolution"));
                EventRecordFields fields = EventRecordFields.parse(letter.payload());
                if (StoredDeadLetter.STREAM_SOURCE.equals(letter.source())
                        && fields.merchantId() != null
                        && !erased.contains(new EventIdentity(fields.merchantId(), fields.eventId()))
                        && counted.add(new EventIdentity(fields.merchantId(), fields.eventId()))) {
                    tally.addNeverStored(letter);
                }
            }
        }
    }

    private static BoundStatement quorum(BoundStatement statement) {
        return statement.setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM);
    }

    private static String table(String name) {
        return RawEventLayout.KEYSPACE + "." + name;
    }
}
