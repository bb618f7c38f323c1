package com.merchantinsights.etl;

/**
 * What one ETL run did.
 *
 * @param stageMs     Spark's part: reading the dirty hours, aggregating the base grain, writing it to staging
 * @param warehouseMs the transaction: base rows swapped, local hours, days, weeks and months rebuilt
 * @param rowsWritten cube rows written: 15-minute base rows plus the local hour, day, week and month rows rebuilt from them
 */
public record EtlSummary(long runId, int hoursRebuilt, long eventsRead, long rowsWritten, long durationMs,
                         long stageMs, long warehouseMs) {
}
