package com.merchantinsights.cli.reconcile;

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
 *       content (another occurred_at, maybe another hour) is a conflict: the first stored version wins;</li>
 *   <li>a record the stream rejects counts once per record (each gets its own dead letter), except a re-drive that
 *       is rejected again, which rewrites the letter of the original record;</li>
 *   <li>a record without a parseable occurred_at has no hour and is only counted as such.</li>
 * </ul>
 */
public final class TopicIdentities {
    private final Instant recentSince;
    private final Map<Identity, TopicRecord> firstVersions = new HashMap<>();
    private final List<HourCount> rejected = new ArrayList<>();
    private final Set<HourMerchant> recentlyReceived = new TreeSet<>();
    private long withoutHour;
    private long records;

    private record Identity(String merchantId, String eventId) {
    }

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
            firstVersions.merge(new Identity(fields.merchantId(), fields.eventId()), record,
                    (kept, candidate) -> candidate.before(kept) ? candidate : kept);
        } else if (fields.cell().isEmpty()) {
            withoutHour++;
        } else if (!record.redrive()) {
            rejected.add(new HourCount(fields.cell().orElseThrow(), 1));
        }
    }

    /** Distinct identities by their first version's hour, plus the rejected records. */
    public HourCounts counts() {
        List<HourCount> all = new ArrayList<>(rejected);
        firstVersions.values().forEach(first -> all.add(new HourCount(first.fields().cell().orElseThrow(), 1)));
        return HourCounts.of(all);
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
