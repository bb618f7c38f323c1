package com.merchantinsights.stream;

import com.merchantinsights.core.layout.DeadLetterFields;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Writes one partition of a micro-batch, record by record with up to {@code maxInFlight} records in flight:
 * a valid event claims its identity, then its raw row is stored if the claim says it is the first version (or
 * the same content again); a differing re-send and an invalid record become dead letters. Nothing is dropped:
 * any failed write fails the partition, so the micro-batch is replayed from its offsets, idempotently. Records
 * of one identity are claimed one after the other in offset order, so within a Kafka partition the first version
 * received is the first stored; different identities run concurrently. Versions of one identity on two partitions
 * (the events API places by request, not by key: decision 0024) are claimed in arrival order when they fall into
 * different micro-batches, and in either order when they fall into one.
 */
final class PartitionWriter {
    private final RawStore store;
    private final int maxInFlight;

    PartitionWriter(RawStore store, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
        this.store = store;
        this.maxInFlight = maxInFlight;
    }

    PartitionOutcome write(Iterator<ParsedRecord> records) throws InterruptedException {
        Semaphore permits = new Semaphore(maxInFlight);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LongAdder stored = new LongAdder();
        LongAdder duplicates = new LongAdder();
        LongAdder conflicts = new LongAdder();
        LongAdder rejected = new LongAdder();
        Set<DirtyPair> dirty = ConcurrentHashMap.newKeySet();
        Map<String, CompletableFuture<Void>> inFlightByIdentity = new ConcurrentHashMap<>();

        while (records.hasNext() && failure.get() == null) {
            ParsedRecord record = records.next();
            permits.acquire();
            CompletionStage<Void> work;
            if (record.rejected()) {
                work = start(() -> store.deadLetter(DeadLetter.rejected(record)).thenRun(rejected::increment));
            } else {
                String identity = record.merchantId() + '\u0000' + record.eventId();
                CompletableFuture<Void> previous = inFlightByIdentity.get(identity);
                CompletableFuture<Void> mine = previous == null
                        ? start(() -> claimAndStore(record, stored, duplicates, conflicts, dirty))
                        : previous.handle((r, e) -> null).thenCompose(
                                ignored -> start(() -> claimAndStore(record, stored, duplicates, conflicts, dirty)));
                inFlightByIdentity.put(identity, mine);
                mine.whenComplete((r, e) -> inFlightByIdentity.remove(identity, mine));
                work = mine;
            }
            work.whenComplete((ignored, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
        }
        permits.acquire(maxInFlight);
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("writing a micro-batch partition failed; the batch will be replayed", error);
        }
        return new PartitionOutcome(stored.sum(), duplicates.sum(), conflicts.sum(), rejected.sum(), dirty);
    }

    private static CompletableFuture<Void> start(java.util.function.Supplier<CompletionStage<Void>> work) {
        try {
            return work.get().toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<Void> claimAndStore(ParsedRecord record, LongAdder stored, LongAdder duplicates,
                                                LongAdder conflicts, Set<DirtyPair> dirty) {
        String fingerprint = record.fingerprint();
        return store.claim(record, fingerprint).thenCompose(first -> switch (first.verdictFor(fingerprint)) {
            case NEW -> store.store(record).thenCompose(r -> resolved(record, DeadLetterFields.RESOLUTION_STORED))
                    .thenRun(() -> {
                        stored.increment();
                        dirty.add(new DirtyPair(record.eventHour(), record.merchantId()));
                    });
            // The first attempt may have claimed the identity and crashed before its row was stored: store it again.
            case DUPLICATE -> store.store(record).thenCompose(r -> resolved(record, DeadLetterFields.RESOLUTION_DUPLICATE))
                    .thenRun(() -> {
                        duplicates.increment();
                        dirty.add(new DirtyPair(record.eventHour(), record.merchantId()));
                    });
            case CONFLICT -> store.deadLetter(DeadLetter.conflict(record, first))
                    .thenCompose(r -> resolved(record, DeadLetterFields.RESOLUTION_CONFLICT))
                    .thenRun(conflicts::increment);
        });
    }

    /** A re-driven record's letter learns what became of it; an ordinary record has no letter to tell. */
    private CompletionStage<Void> resolved(ParsedRecord record, String resolution) {
        return record.redrive() == null ? CompletableFuture.completedFuture(null)
                : store.resolveRedrive(record.redrive(), resolution, record.ingestedAt());
    }
}
