/**
 * Reprocessing in the warehouse (docs/decisions/0016-reprocessing.md): which buckets a run
 * replaces ({@link com.merchantinsights.etl.reprocess.MerchantScope}), the run log
 * ({@link com.merchantinsights.etl.reprocess.ReprocessRuns}), the diff between a built run and the live cube
 * ({@link com.merchantinsights.etl.reprocess.CubeDiff}) and the atomic switch and rollback
 * ({@link com.merchantinsights.etl.reprocess.CubeSwitch}). Plain JDBC ({@code java.sql}), no driver classes: the
 * Spark driver, the CLI and the services share it.
 */
package com.merchantinsights.etl.reprocess;
