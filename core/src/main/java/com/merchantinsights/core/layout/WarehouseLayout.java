package com.merchantinsights.core.layout;

import com.merchantinsights.core.time.Grain;

/**
 * Where the cubes live in PostgreSQL (the Flyway migrations of {@link #MIGRATIONS}): one table per grain, all
 * with the same key and measure columns, the measures and dimensions named by the cube definition. The ETL writes
 * these tables, the insights API and the reconciliation read them; each takes the names from here.
 */
public final class WarehouseLayout {
    /** Where the warehouse's Flyway migrations are: core's resources, as a Flyway location. */
    public static final String MIGRATIONS = "classpath:db/warehouse";
    /** The schema of the live tables; a reprocessing run builds its tables in a schema of its own. */
    public static final String LIVE_SCHEMA = "public";

    public static final String MERCHANT_ID = "merchant_id";
    /** The bucket's start: UTC for the 15-minute base and hours, the merchant's local date for days to months. */
    public static final String BUCKET_START = "bucket_start";
    /** Which grouping set of dimensions a row aggregates ({@link com.merchantinsights.core.cube.GroupingSet}). */
    public static final String CUBOID = "cuboid";

    public static final String EVENT_TYPE = "event_type";
    public static final String CURRENCY = "currency";
    /** The time zone a local bucket was cut in, so that a merchant's change of zone is visible in the rows. */
    public static final String TIME_ZONE = "time_zone";

    private WarehouseLayout() {}

    /** The cube table of a grain, e.g. {@code cube_quarter_hour}; unqualified, so a run's schema can shadow it. */
    public static String cubeTable(Grain grain) {
        return "cube_" + grain.wireName();
    }
}
