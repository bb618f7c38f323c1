package com.merchantinsights.etl;

/**
 * What one ETL run did.
 *
 * @param stageMs     Spark's part: reading the feed (and rebuilt days), aggregating every grain, writing it to staging
 * @param warehouseMs the transaction: base rows swapped, local hours, days, weeks and months rebuilt
 * @param rowsWritten cube rows written: 15-minute base rows plus the local hour, day, week and month rows rebuilt from them
 * @param feedLeft    whether the run stopped at its events cap with complete feed batches left for the next run
 */
public record EtlSummary(
        long runId,
        int hoursRebuilt,
        long eventsRead,
        long rowsWritten,
        long durationMs,
        long stageMs,
        long warehouseMs,
        boolean feedLeft) {
    /** This run followed by {@code next}: the later run's id and flag, the work of both. */
    public EtlSummary then(EtlSummary next) {
        return new EtlSummary(
                next.runId,
                hoursRebuilt + next.hoursRebuilt,
                eventsRead + next.eventsRead,
                rowsWritten + next.rowsWritten,
                durationMs + next.durationMs,
                stageMs + next.stageMs,
                warehouseMs + next.warehouseMs,
                next.feedLeft);
    }
}
