package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Instant;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ETL benchmark's baseline: the plain asynchronous driver reading every (hour, shard) partition of the rebuilt
 * hours with the columns the ETL reads, 32 partitions in flight — the least any rebuild must do.
 */
final class PlainRawRead {
    private static final int IN_FLIGHT = 32;

    private PlainRawRead() {}

    /** @return rows read */
    static long readAll(CqlSession session, Collection<Instant> hours) throws InterruptedException {
        PreparedStatement select =
                session.prepare("SELECT merchant_id, event_type, occurred_at, customer_id, anonymous_id, "
                        + "amount, currency, dimensions FROM " + RawEventLayout.KEYSPACE + "."
                        + RawEventLayout.RAW_EVENTS_TABLE
                        + " WHERE event_hour = ? AND shard = ?");
        AtomicLong rows = new AtomicLong();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        ShardLayout layout = RawShards.layout(session);
        for (Instant hour : hours) {
            for (int shard : layout.shardsOfHour(hour)) {
                inFlight.acquire();
                session.executeAsync(select.bind(hour, shard).setPageSize(5000))
                        .toCompletableFuture()
                        .thenCompose(page -> drain(page, rows))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                failure.compareAndSet(null, e);
                            }
                            inFlight.release();
                        });
            }
        }
        inFlight.acquire(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("the plain read failed", failure.get());
        }
        return rows.get();
    }

    private static CompletionStage<Void> drain(AsyncResultSet page, AtomicLong rows) {
        for (var row : page.currentPage()) {
            row.getString(0);
            rows.incrementAndGet();
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> drain(next, rows))
                : CompletableFuture.completedFuture(null);
    }
}
