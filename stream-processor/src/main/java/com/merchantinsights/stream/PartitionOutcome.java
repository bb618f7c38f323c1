package com.merchantinsights.stream;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * What one partition of a micro-batch did: counts per outcome and the (hour, merchant) cells it stored rows for.
 * Small (one per Kafka partition) and sent to the driver, which writes them into the batch's cube feed (decision 0033).
 *
 * @param stored     raw rows of first versions
 * @param duplicates re-sends (or replays) of a stored version, re-written idempotently
 * @param conflicts  re-sends that differ from the stored version: dead letters
 * @param rejected   records that are no valid event: dead letters
 */
record PartitionOutcome(long stored, long duplicates, long conflicts, long rejected, Set<StoredCell> cells)
        implements Serializable {
    static final PartitionOutcome NONE = new PartitionOutcome(0, 0, 0, 0, Set.of());

    PartitionOutcome {
        cells = Set.copyOf(cells);
    }

    long records() {
        return stored + duplicates + conflicts + rejected;
    }

    long deadLetters() {
        return conflicts + rejected;
    }

    static PartitionOutcome merge(Collection<PartitionOutcome> outcomes) {
        long stored = 0;
        long duplicates = 0;
        long conflicts = 0;
        long rejected = 0;
        Set<StoredCell> cells = new HashSet<>();
        for (PartitionOutcome o : outcomes) {
            stored += o.stored;
            duplicates += o.duplicates;
            conflicts += o.conflicts;
            rejected += o.rejected;
            cells.addAll(o.cells);
        }
        return new PartitionOutcome(stored, duplicates, conflicts, rejected, cells);
    }
}
