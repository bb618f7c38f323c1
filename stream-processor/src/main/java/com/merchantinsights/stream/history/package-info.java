/**
 * Raw history beyond the streaming path: the hourly Parquet archive (decision 0011) and the reader that finds an
 * hour in Cassandra, in the archive, or in both, which archiving and re-derivation (decision 0012) share.
 */
package com.merchantinsights.stream.history;
