package com.merchantinsights.cli.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the events topic says each (hour, merchant) should hold, record by record:
 * <ul>
 *   <li>a storable event counts once per identity {@code (merchant_id, event_id)}, in the hour of its <em>first</em>
 *       version — re-sends (client retries, redeliveries, re-drives) are duplicates, and a re-send with other
 *       content (another occurred_at, maybe another hour) is a conflict: the first stored version wins (which
 *       one that is, is certain on one partition only: see {@link #undecided()});</li>
 *   <li>a record the stream rejects counts once per record (each gets its own dead letter), except a re-drive that
 *       is rejected again, which rewrites the letter of the original record;</li>
 *   <li>a record without a parseable occurred_at has no hour and is only counted as such.</li>
 * </ul>
 */
public final class TopicIdentities {
    private final Instant recentSince;
    private final Map<EventIdentity, TopicRecord> firstVersions = new HashMap<>();
    /** Identities seen on more than one partition: the first version on each (see {@link #undecided()}). */
    private final Map<EventIdentity, Map<Integer, TopicRecord>> firstPerPartition = new HashMap<>();
    private final List<HourCount> rejected = new ArrayList<>();
    private final Set<HourMerchant> recentlyReceived = new TreeSet<>();
    private long withoutHour;
    private long records;

    /** @param recentSince records Kafka stamped at or after this may not be processed yet: their cells are pending */
    public TopicIdentities(Instant recentSince) {
        this.recentSince = Objects.requireNonNull(recentSince, "recentSince");
    }

    public void add(TopicRecord record) {
        records++;
        EventRecordFields fields = record.fields();
        if (!record.timestamp().isBefore(recentSince)) {
            fields.cell().ifPresent(recentlyReceived::add);
        }
        if (fields.rejection().isEmpty()) {
            addVersion(new EventIdentity(fields.merchantId(), fields.eventId()), record);
        } else if (fields.cell().isEmpty()) {
            withoutHour++;
        } else if (!record.redrive()) {
            rejected.add(new HourCount(fields.cell().orElseThrow(), 1));
        }
    }

    private void addVersion(EventIdentity identity, TopicRecord record) {
        TopicRecord kept = firstVersions.get(identity);
        if (kept == null) {
            firstVersions.put(identity, record);
            return;
        }
        Map<Integer, TopicRecord> perPartition = firstPerPartition.get(identity);
        if (perPartition == null && kept.partition() != record.partition()) {
            // Every version seen so far was on the kept one's partition, and the kept one is the earliest of them.
            perPartition = new HashMap<>(Map.of(kept.partition(), kept));
            firstPerPartition.put(identity, perPartition);
        }
        if (perPartition != null) {
            perPartition.merge(record.partition(), record, (first, candidate) -> candidate.before(first) ? candidate : first);
        }
        if (record.before(kept)) {
            firstVersions.put(identity, record);
        }
    }

    /**
     * Identities whose first versions on two or more partitions lie in different cells. The stream claims versions
     * on one partition in offset order, but versions on two partitions that fall into one micro-batch in either
     * order (decision 0024): Kafka time, which {@link #counts()} goes by, is then only a guess of which one it stored.
     */
    public Set<EventIdentity> undecided() {
        Set<EventIdentity> undecided = new HashSet<>();
        firstPerPartition.forEach((identity, firsts) -> {
            if (firsts.values().stream().map(r -> r.fields().cell()).distinct().count() > 1) {
                undecided.add(identity);
            }
        });
        return undecided;
    }

    /** Distinct identities by their first version's hour (by Kafka time across partitions), plus the rejected records. */
    public HourCounts counts() {
        return counts(Map.of());
    }

    /**
     * As {@link #counts()}, but an {@linkplain #undecided() undecided} identity counts in the hour the store says its
     * stored version has ({@code storedHours}, from the identity table) when that is the hour of one of its first
     * versions; otherwise (not stored at all, or in an hour none of them has) by Kafka time, so that the loss shows.
     */
    public HourCounts counts(Map<EventIdentity, Instant> storedHours) {
        List<HourCount> all = new ArrayList<>(rejected);
        firstVersions.forEach((identity, first) -> all.add(new HourCount(cellOf(identity, first, storedHours), 1)));
        return HourCounts.of(all);
    }

    private HourMerchant cellOf(EventIdentity identity, TopicRecord first, Map<EventIdentity, Instant> storedHours) {
        HourMerchant guess = first.fields().cell().orElseThrow();
        Instant stored = storedHours.get(identity);
        Map<Integer, TopicRecord> firsts = firstPerPartition.get(identity);
        if (stored == null || firsts == null) {
            return guess;
        }
        return firsts.values().stream().map(r -> r.fields().cell().orElseThrow())
                .filter(cell -> cell.hour().equals(stored)).findFirst().orElse(guess);
    }

    /** Cells that received a record recently: the stream, or the ETL after it, may not have caught up. */
    public Set<HourMerchant> recentlyReceived() {
        return Set.copyOf(recentlyReceived);
    }

    /** Rejected records whose occurred_at cannot be parsed: in no hour, so in no comparison. */
    public long withoutHour() {
        return withoutHour;
    }

    public long records() {
        return records;
    }
}
