package com.merchantinsights.etl;

import com.merchantinsights.core.cube.CubeDefinition;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What an ETL run needs besides the Spark session (which carries the Cassandra connection settings).
 *
 * @param jdbcUrl     the warehouse, e.g. {@code jdbc:postgresql://127.0.0.1:5432/insights}
 * @param defaultZone the calendar zone of merchants not in the registry
 * @param cube        what to build (read and validated from its file at start-up)
 * @param maxFeedEventsPerRun the feed events one refresh applies at most (whole batches; at least one batch): a
 *                    backlog is applied in several bounded transactions, one after the other, never in one that
 *                    outgrows the driver's memory
 * @param cardinalityCaps the platform's per-merchant daily caps on event types and dimension values (decision 0042)
 */
public record CubeEtlConfig(
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        ZoneId defaultZone,
        CubeDefinition cube,
        long maxFeedEventsPerRun,
        CardinalityCaps.Limits cardinalityCaps) {
    /**
     * One run's events at most by default: ~3 minutes of 5,000 events/s, ~40 s of Spark on 2 cores; a run of 9.6
     * million events exhausted a 1 GiB driver in the pipeline benchmark (docs/benchmarks.md).
     */
    public static final long DEFAULT_MAX_FEED_EVENTS_PER_RUN = 1_000_000;

    public CubeEtlConfig(
            String jdbcUrl, String jdbcUser, String jdbcPassword, ZoneId defaultZone, CubeDefinition cube) {
        this(jdbcUrl, jdbcUser, jdbcPassword, defaultZone, cube, DEFAULT_MAX_FEED_EVENTS_PER_RUN);
    }

    public CubeEtlConfig(
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            ZoneId defaultZone,
            CubeDefinition cube,
            long maxFeedEventsPerRun) {
        this(jdbcUrl, jdbcUser, jdbcPassword, defaultZone, cube, maxFeedEventsPerRun, CardinalityCaps.Limits.DEFAULT);
    }

    /** These settings with other caps. */
    public CubeEtlConfig withCardinalityCaps(int maxEventTypes, int maxDimensionValues) {
        return new CubeEtlConfig(
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                defaultZone,
                cube,
                maxFeedEventsPerRun,
                new CardinalityCaps.Limits(maxEventTypes, maxDimensionValues));
    }

    public CubeEtlConfig {
        if (maxFeedEventsPerRun < 1) {
            throw new IllegalArgumentException("maxFeedEventsPerRun must be at least 1");
        }
        Objects.requireNonNull(cube, "cube");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(jdbcUser, "jdbcUser");
        Objects.requireNonNull(jdbcPassword, "jdbcPassword");
        Objects.requireNonNull(defaultZone, "defaultZone");
        Objects.requireNonNull(cardinalityCaps, "cardinalityCaps");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("the warehouse is PostgreSQL: jdbcUrl must start with jdbc:postgresql:");
        }
    }

    /** Every setting but the password, which a log line must not carry; the cube by its name and version. */
    @Override
    public String toString() {
        return "CubeEtlConfig[jdbcUrl=" + jdbcUrl + ", jdbcUser=" + jdbcUser + ", jdbcPassword=***, defaultZone="
                + defaultZone + ", cube=" + cube.name() + " v" + cube.version() + ", maxFeedEventsPerRun="
                + maxFeedEventsPerRun + ", cardinalityCaps=" + cardinalityCaps + "]";
    }
}
