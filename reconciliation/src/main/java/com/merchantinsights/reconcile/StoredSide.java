package com.merchantinsights.reconcile;

import java.util.Objects;
import java.util.Set;

/**
 * What the stores hold.
 *
 * @param rawRows             raw_events rows per hour (Cassandra; hours it holds whole only)
 * @param deadLetters         dead letters that count against the topic, see {@link StoredDeadLetter#countsForTopic()}
 * @param deadLettersWithoutHour such letters whose payload has no parseable occurred_at
 * @param cubeTotals          the count measure of the totals cuboid in the 15-minute base, summed per hour
 * @param pendingCells        (hour, merchant) cells of feed batches not applied yet or with a rebuild request: a
 *                            refresh is pending there
 */
public record StoredSide(
        HourCounts rawRows,
        HourCounts deadLetters,
        long deadLettersWithoutHour,
        HourCounts cubeTotals,
        Set<HourMerchant> pendingCells) {
    public StoredSide {
        Objects.requireNonNull(rawRows, "rawRows");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(cubeTotals, "cubeTotals");
        pendingCells = Set.copyOf(pendingCells);
    }
}
