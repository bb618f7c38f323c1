package com.merchantinsights.etl;

/**
 * What one ETL run did.
 *
 * @param rowsWritten cube rows written: 15-minute base rows plus the local hour, day, week and month rows rebuilt from them
 */
public record EtlSummary(long runId, int hoursRebuilt, long eventsRead, long rowsWritten, long durationMs) {
}
