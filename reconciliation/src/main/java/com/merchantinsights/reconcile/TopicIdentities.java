package com.merchantinsights.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 *       content (another occurred_at, maybe another hour) is a conflict: the version received first is kept
 *       (decision 0026; where the store may differ, see {@link #undecided()});</li>
 *   <li>a record the stream rejects counts once per record (each gets its own dead letter), except a re-drive that
 *       is rejected again, which rewrites the letter of the original record;</li>
 *   <li>a record without a parseable occurred_at has no hour and is only counted as such.</li>
 * </ul>
 */
public final class TopicIdentities {
    private final Instant recentSince;
    private final Map<EventIdentity, TopicRecord> firstVersions = new HashMap<>();
    /** Identities with versions in more than one hour: the first version in each hour (see {@link #undecided()}). */
    private final Map<EventIdentity, Map<Instant, TopicRecord>> firstPerHour = new HashMap<>();

    /** Rejected records by hour, with their identity when they have one (an erased person's are forgotten). */
    private final List<Map.Entry<EventIdentity, HourCount>> rejected = new ArrayList<>();

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
            EventIdentity identity = fields.merchantId() == null || fields.eventId() == null
                    ? new EventIdentity("", "")
                    : new EventIdentity(fields.merchantId(), fields.eventId());
            rejected.add(Map.entry(identity, new HourCount(fields.cell().orElseThrow(), 1)));
        }
    }

    private void addVersion(EventIdentity identity, TopicRecord record) {
        TopicRecord kept = firstVersions.get(identity);
        if (kept == null) {
            firstVersions.put(identity, record);
            return;
        }
        Instant hour = hourOf(record);
        Map<Instant, TopicRecord> perHour = firstPerHour.get(identity);
        if (perHour == null && !hourOf(kept).equals(hour)) {
            // Every version seen so far was in the kept one's hour, and the kept one is the earliest of them.
            perHour = new HashMap<>(Map.of(hourOf(kept), kept));
            firstPerHour.put(identity, perHour);
        }
        if (perHour != null) {
            perHour.merge(hour, record, (first, candidate) -> candidate.before(first) ? candidate : first);
        }
        if (record.before(kept)) {
            firstVersions.put(identity, record);
        }
    }

    private static Instant hourOf(TopicRecord record) {
        return record.fields().cell().orElseThrow().hour();
    }

    /**
     * Identities whose versions lie in two or more hours, with those hours: the stream keeps the version received
     * first when it judges them together, but under a backlog (or beyond the identity window) it may have kept another
     * or both, so the store says where it is counted ({@link #counts(Map)}).
     */
    public Map<EventIdentity, Set<Instant>> undecided() {
        Map<EventIdentity, Set<Instant>> undecided = new HashMap<>();
        firstPerHour.forEach((identity, firsts) -> undecided.put(identity, Set.copyOf(firsts.keySet())));
        return undecided;
    }

    /** Distinct identities by their first-received version's hour, plus the rejected records. */
    public HourCounts counts() {
        return counts(Map.of());
    }

    /**
     * As {@link #counts()}, but an {@linkplain #undecided() undecided} identity stored in exactly one of its hours
     * counts there ({@code stored}, read from the raw store); otherwise (stored nowhere, or twice) in its
     * first-received version's hour, so that the loss or the second row shows as a mismatch.
     */
    public HourCounts counts(Map<EventIdentity, List<StoredRow>> stored) {
        List<HourCount> all = new ArrayList<>();
        rejected.forEach(r -> all.add(r.getValue()));
        firstVersions.forEach((identity, first) -> {
            HourMerchant cell = first.fields().cell().orElseThrow();
            List<StoredRow> rows = stored.getOrDefault(identity, List.of());
            Map<Instant, TopicRecord> hours = firstPerHour.get(identity);
            if (hours != null
                    && rows.size() == 1
                    && hours.containsKey(rows.get(0).hour())) {
                cell = new HourMerchant(rows.get(0).hour(), identity.merchantId());
            }
            all.add(new HourCount(cell, 1));
        });
        return HourCounts.of(all);
    }

    /** Undecided identities stored twice, or stored with a version received after another of theirs. */
    public List<IdentityFinding> findings(Map<EventIdentity, List<StoredRow>> stored) {
        List<IdentityFinding> findings = new ArrayList<>();
        stored.forEach((identity, rows) -> {
            TopicRecord first = firstVersions.get(identity);
            if (first == null || rows.isEmpty()) {
                return;
            }
            List<Instant> hours = rows.stream().map(StoredRow::hour).sorted().toList();
            Instant firstHour = hourOf(first);
            if (rows.size() > 1) {
                findings.add(new IdentityFinding(
                        IdentityFinding.Kind.STORED_TWICE,
                        identity.merchantId(),
                        identity.eventId(),
                        hours,
                        firstHour));
            } else if (!rows.get(0).hour().equals(firstHour) && !rows.get(0).storedBy(first)) {
                findings.add(new IdentityFinding(
                        IdentityFinding.Kind.LATER_VERSION_STORED,
                        identity.merchantId(),
                        identity.eventId(),
                        hours,
                        firstHour));
            }
        });
        findings.sort(
                java.util.Comparator.comparing(IdentityFinding::merchantId).thenComparing(IdentityFinding::eventId));
        return findings;
    }

    /**
     * Leaves out every record of these identities: events of erased persons (issue 23), whose raw rows and letters an
     * erasure removed while the topic keeps their records until its retention.
     */
    public void forget(Set<EventIdentity> erased) {
        firstVersions.keySet().removeAll(erased);
        firstPerHour.keySet().removeAll(erased);
        rejected.removeIf(r -> erased.contains(r.getKey()));
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
