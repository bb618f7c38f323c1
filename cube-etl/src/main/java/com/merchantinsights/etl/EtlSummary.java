package com.merchantinsights.etl;

/**
 * What one ETL run did.
 *
 * @param rowsWritten cube rows written: 15-minute base rows plus local-day rows
 */
public record EtlSummary(long runId, int hoursRebuilt, long eventsRead, long rowsWritten, long durationMs) {
}
