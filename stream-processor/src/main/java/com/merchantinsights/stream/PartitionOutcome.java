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
 * @param displaced  versions stored by earlier batches that gave way to one received before them (decision 0048):
 *                   conflict letters too, for records of earlier batches
 * @param cells        the (hour, merchant) cells the partition stored or deleted rows in: pending until the ETL applies
 *                     the batch
 * @param rebuildCells the cells of displaced versions, which the ETL rebuilds from raw rows
 */
record PartitionOutcome(
        long stored,
        long duplicates,
        long conflicts,
        long rejected,
        long displaced,
        Set<StoredCell> cells,
        Set<StoredCell> rebuildCells)
        implements Serializable {
    static final PartitionOutcome NONE = new PartitionOutcome(0, 0, 0, 0, 0, Set.of(), Set.of());

    PartitionOutcome {
        cells = Set.copyOf(cells);
        rebuildCells = Set.copyOf(rebuildCells);
    }

    PartitionOutcome(long stored, long duplicates, long conflicts, long rejected, Set<StoredCell> cells) {
        this(stored, duplicates, conflicts, rejected, 0, cells, Set.of());
    }

    long records() {
        return stored + duplicates + conflicts + rejected;
    }

    long deadLetters() {
        return conflicts + rejected + displaced;
    }

    static PartitionOutcome merge(Collection<PartitionOutcome> outcomes) {
        long stored = 0;
        long duplicates = 0;
        long conflicts = 0;
        long rejected = 0;
        long displaced = 0;
        Set<StoredCell> cells = new HashSet<>();
        Set<StoredCell> rebuildCells = new HashSet<>();
        for (PartitionOutcome o : outcomes) {
            stored += o.stored;
            duplicates += o.duplicates;
            conflicts += o.conflicts;
            rejected += o.rejected;
            displaced += o.displaced;
            cells.addAll(o.cells);
            rebuildCells.addAll(o.rebuildCells);
        }
        return new PartitionOutcome(stored, duplicates, conflicts, rejected, displaced, cells, rebuildCells);
    }
}
