package com.merchantinsights.etl;

/**
 * The places in a cube refresh where a crash is the hardest case (issue 21's chaos run stops the driver there on
 * purpose, through {@link CubeEtl}'s hook): nothing else observes them.
 */
public enum RefreshPoint {
    /** The deltas and rebuilt days are in the warehouse transaction, which is not committed yet. */
    LOADED,
    /**
     * The transaction is committed (cube rows, feed positions, consumed requests), and nothing after it has run: the
     * staging tables are not dropped, the touched buckets not compacted, the applied feed not pruned.
     */
    COMMITTED
}
