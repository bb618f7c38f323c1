/**
 * The reconciliation of {@code bin/insights reconcile} (docs/decisions/0019-reconciliation.md): per
 * UTC hour of occurrence and merchant, the events topic against what the stream stored, and the raw rows against the
 * cube. The comparison is plain Java ({@link com.merchantinsights.reconcile.Reconciliation}); the engines are read
 * at the edges ({@code EventsTopicScan}, {@code RawStoreReads}, {@code CubeTotalsReads}).
 */
package com.merchantinsights.reconcile;
