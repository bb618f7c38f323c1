package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.sample.GeneratedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Bulk-loads generated events straight into the raw store as the stream stores them ({@link RawRow}: no column bound
 * that the event lacks, so no tombstone), in single-partition unlogged batches at LOCAL_QUORUM within the stream's
 * batch limits, so that a benchmark can time the cube ETL's rebuild alone (such rows bypass the cube feed).
 * Duplicates are written once (the raw store's key makes that idempotent anyway).
 */
final class RawStoreLoader {
    private static final int IN_FLIGHT = 32;
    /** The stream's PartitionWriter limits: under Cassandra's batch_size_fail_threshold with room to spare. */
    private static final int MAX_BATCH_ROWS = 64;

    private static final int MAX_BATCH_BYTES = 32 * 1024;
    /** The events topic's partitions in the local stack, one request's events in a run on one partition (decision 0024). */
    private static final int KAFKA_PARTITIONS = 6;

    private static final int KAFKA_RUN = 1_000;

    private final CqlSession session;
    private final Map<List<String>, PreparedStatement> inserts = new HashMap<>();

    RawStoreLoader(CqlSession session) {
        this.session = session;
    }

    /** @return events stored */
    long load(List<GeneratedEvent> events) throws InterruptedException {
        ShardLayout layout = RawShards.layout(session);
        Instant loadStart = Instant.now();
        Set<String> seen = new HashSet<>();
        Map<List<Object>, List<RawRow>> byPartition = new LinkedHashMap<>();
        long[] offsets = new long[KAFKA_PARTITIONS];
        long stored = 0;
        for (GeneratedEvent event : events) {
            if (!seen.add(event.merchantId() + "/" + event.eventId())) {
                continue;
            }
            int partition = (int) (stored / KAFKA_RUN % KAFKA_PARTITIONS);
            RawRow row = RawRow.of(event, layout, loadStart, partition, offsets[partition]++);
            byPartition
                    .computeIfAbsent(List.of(row.eventHour(), row.shard()), k -> new ArrayList<>())
                    .add(row);
            stored++;
        }
        execute(byPartition.values().stream()
                .flatMap(partition -> batches(partition).stream())
                .map(this::batch));
        return stored;
    }

    /**
     * Runs the statements (built as they are taken) at LOCAL_QUORUM, a bounded number in flight; the first failure
     * fails the load.
     */
    private void execute(Stream<? extends Statement<?>> statements) throws InterruptedException {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Iterator<? extends Statement<?>> pending = statements.iterator();
        while (pending.hasNext() && failure.get() == null) {
            Statement<?> statement = pending.next();
            inFlight.acquire();
            session.executeAsync(statement
                            .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                            .setIdempotent(true))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                        inFlight.release();
                    });
        }
        inFlight.acquire(IN_FLIGHT);
        inFlight.release(IN_FLIGHT);
        if (failure.get() != null) {
            throw new IllegalStateException("loading the raw store failed", failure.get());
        }
    }

    /** One single-partition unlogged batch, as the stream writes a partition's rows. */
    private BatchStatement batch(List<RawRow> rows) {
        BatchStatementBuilder batch = BatchStatement.builder(BatchType.UNLOGGED);
        rows.forEach(row -> batch.addStatement(bind(row)));
        return batch.build();
    }

    /** The insert of exactly the row's present columns (prepared once per set of columns), with the stream's TTL. */
    private BoundStatement bind(RawRow row) {
        Map<String, Object> columns = row.presentColumns();
        PreparedStatement insert = inserts.computeIfAbsent(
                List.copyOf(columns.keySet()), names -> session.prepare(RawRow.insertCql(names)));
        List<Object> values = new ArrayList<>(columns.values());
        values.add(row.ttlSeconds(RawEventLayout.DEFAULT_RETENTION));
        return insert.bind(values.toArray());
    }

    /** A partition's rows in batches within the stream's row and byte limits. */
    private static List<List<RawRow>> batches(List<RawRow> partition) {
        List<List<RawRow>> batches = new ArrayList<>();
        List<RawRow> current = new ArrayList<>();
        int bytes = 0;
        for (RawRow row : partition) {
            if (!current.isEmpty()
                    && (current.size() >= MAX_BATCH_ROWS || bytes + row.approximateBytes() > MAX_BATCH_BYTES)) {
                batches.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(row);
            bytes += row.approximateBytes();
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
