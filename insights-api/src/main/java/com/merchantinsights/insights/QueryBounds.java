package com.merchantinsights.insights;

import com.merchantinsights.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * What one insights query may cost the warehouse (issue 20): how long a statement may run, how long it may wait for a
 * lock (a reprocess switch or a refresh holding one), and how many cube rows it may read into the heap.
 *
 * @param statementTimeout PostgreSQL's {@code statement_timeout} on every connection of the insights API
 * @param lockTimeout      its {@code lock_timeout}
 * @param maxRows          cube rows one statement may return; more is {@code 422 query_too_large}
 */
public record QueryBounds(Duration statementTimeout, Duration lockTimeout, int maxRows) {
    /**
     * A dashboard answer reads a few thousand rows in milliseconds; 50,000 rows of a cuboid with distinct-count
     * sketches are some tens of MB of heap, the most one request should hold.
     */
    public static final QueryBounds DEFAULT = new QueryBounds(Duration.ofSeconds(5), Duration.ofSeconds(1), 50_000);

    public QueryBounds {
        Objects.requireNonNull(statementTimeout, "statementTimeout");
        Objects.requireNonNull(lockTimeout, "lockTimeout");
        if (statementTimeout.toMillis() < 1 || lockTimeout.toMillis() < 1 || maxRows < 1) {
            throw new IllegalArgumentException("query bounds must be positive");
        }
    }

    /**
     * {@code INSIGHTS_QUERY_STATEMENT_TIMEOUT}, {@code INSIGHTS_QUERY_LOCK_TIMEOUT} (ISO-8601) and
     * {@code INSIGHTS_QUERY_MAX_ROWS}, each defaulting to {@link #DEFAULT}'s.
     */
    public static QueryBounds fromEnvironment(EnvironmentSettings env) {
        return new QueryBounds(
                env.duration("QUERY_STATEMENT_TIMEOUT", DEFAULT.statementTimeout()),
                env.duration("QUERY_LOCK_TIMEOUT", DEFAULT.lockTimeout()),
                env.integer("QUERY_MAX_ROWS", DEFAULT.maxRows()));
    }
}
