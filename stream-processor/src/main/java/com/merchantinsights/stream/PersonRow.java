package com.merchantinsights.stream;

import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code person_events} (issue 23, decision 0053): where a person's stored event is, by the raw partition's
 * hour and the person's shard.
 *
 * @param person {@link #CUSTOMER} or {@link #ANONYMOUS} and the identifier as stored
 */
record PersonRow(Instant eventHour, int shard, String merchantId, String person, String eventId) {
    static final String CUSTOMER = "c:";
    static final String ANONYMOUS = "a:";

    /** The lookup rows of a stored record: one per identifier it carries, none without. */
    static List<PersonRow> of(ParsedRecord record, ShardLayout shards) {
        List<PersonRow> rows = new ArrayList<>(2);
        int count = shards.shardsOf(record.eventHour());
        if (record.customerId() != null) {
            rows.add(row(record, CUSTOMER + record.customerId(), count));
        }
        if (record.anonymousId() != null) {
            rows.add(row(record, ANONYMOUS + record.anonymousId(), count));
        }
        return rows;
    }

    private static PersonRow row(ParsedRecord record, String person, int shardCount) {
        return new PersonRow(
                record.eventHour(),
                RawEventLayout.personShardOf(record.merchantId(), person, shardCount),
                record.merchantId(),
                person,
                record.eventId());
    }

    PartitionWriter.RawPartition partition() {
        return new PartitionWriter.RawPartition(eventHour, shard);
    }
}
