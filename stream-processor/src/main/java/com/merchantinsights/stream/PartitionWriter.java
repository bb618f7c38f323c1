package com.merchantinsights.stream;

import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import com.merchantinsights.stream.IdentityVerdicts.Judgement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Writes one task's share of a micro-batch (decision 0026). The records come sorted by identity bucket, then identity,
 * so all versions of an identity are adjacent and a bucket's identities arrive together. Per chunk of identities: one
 * IN read of the recent-identity index per bucket (and of the raw partition for events older than the identity
 * window), a verdict per version ({@link IdentityVerdicts}), then the first versions' raw rows in single-partition
 * batches and their index rows, conflict and rejected dead letters. A first version that takes the place of a stored
 * one received after it (decision 0048) also deletes that version's raw row when it lived in another hour, writes its
 * conflict letter and names its (hour, merchant) cell for a rebuild. Nothing is dropped: a failed statement fails the
 * task, so the micro-batch is replayed from its offsets and judged the same way again. Erasures (issue 23): each
 * stored event's persons go to {@code person_events} in single-partition batches; the erasure registry, read once per
 * task, sets aside the records of erased identities and suppressed persons as {@code erased} letters.
 */
final class PartitionWriter {
    /** Identities judged together: enough for full IN reads, few enough to keep a chunk's records in memory. */
    static final int CHUNK_RECORDS = 4_096;
    /** Statement size limits: under Cassandra's batch_size_fail_threshold (50 KiB) with room for the row overhead. */
    static final int MAX_BATCH_ROWS = 64;

    static final int MAX_BATCH_BYTES = 32 * 1024;
    static final int MAX_INDEX_BATCH_ROWS = 128;
    static final int MAX_IN_KEYS = 128;
    /**
     * An event whose occurrence is this much younger than the identity window can have no stored version older than
     * the window: the edge accepts occurred_at at most its future tolerance (15 minutes by default) ahead of receipt.
     */
    static final Duration FUTURE_MARGIN = Duration.ofHours(1);

    private final RawStore store;
    private final int maxInFlight;
    private final int identityBuckets;
    private final Duration identityWindow;
    private final ShardLayout shards;

    PartitionWriter(RawStore store, int maxInFlight, int identityBuckets, Duration identityWindow, ShardLayout shards) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be positive: " + maxInFlight);
        }
        this.store = store;
        this.maxInFlight = maxInFlight;
        this.identityBuckets = identityBuckets;
        this.identityWindow = identityWindow;
        this.shards = shards;
    }

    PartitionOutcome write(Iterator<ParsedRecord> records) throws InterruptedException {
        return write(records, stored -> {});
    }

    /**
     * @param onStored told of each record whose raw row is stored (from the driver's callback threads, once the row's
     *                 batch is acknowledged): what the cube feed carries (decision 0027)
     */
    PartitionOutcome write(Iterator<ParsedRecord> records, Consumer<ParsedRecord> onStored)
            throws InterruptedException {
        return new Run(onStored).write(records);
    }

    /** The state of one call: in-flight statements, counts, the raw rows waiting for a full batch. */
    private final class Run {
        private final Consumer<ParsedRecord> onStored;
        private final Semaphore permits = new Semaphore(maxInFlight);
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final LongAdder stored = new LongAdder();
        private final LongAdder duplicates = new LongAdder();
        private final LongAdder conflicts = new LongAdder();
        private final LongAdder rejected = new LongAdder();
        private final LongAdder displaced = new LongAdder();
        private final Set<StoredCell> cells = ConcurrentHashMap.newKeySet();
        private final Set<StoredCell> rebuildCells = ConcurrentHashMap.newKeySet();
        private final Map<RawPartition, RowBatch> rawBatches = new HashMap<>();
        private final Map<RawPartition, List<PersonRow>> personBatches = new HashMap<>();
        private ErasureRegistry erasures = ErasureRegistry.EMPTY;
        /** The micro-batch's time, which every record of a batch shares: the lookup rows' TTL counts from it. */
        private Instant batchTime;

        private final Set<EventKey> judgedInBucket = new HashSet<>();
        private final Set<Integer> finishedBuckets = new HashSet<>();
        private int judgedBucket = -1;

        Run(Consumer<ParsedRecord> onStored) {
            this.onStored = onStored;
        }

        PartitionOutcome write(Iterator<ParsedRecord> records) throws InterruptedException {
            try {
                erasures = read(store::erasureRegistry).join();
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "reading the erasure registry failed; the batch will be replayed",
                        e.getCause() != null ? e.getCause() : e);
            }
            Map<EventKey, List<ParsedRecord>> chunk = new LinkedHashMap<>();
            int chunkRecords = 0;
            int chunkBucket = -1;
            while (records.hasNext() && failure.get() == null) {
                ParsedRecord record = records.next();
                if (record.rejected()) {
                    submit(() -> store.deadLetter(DeadLetter.rejected(record)).thenRun(rejected::increment));
                    continue;
                }
                EventKey key = record.key();
                int bucket = bucketOf(key);
                boolean newIdentity = !chunk.containsKey(key);
                if (newIdentity && !chunk.isEmpty() && (bucket != chunkBucket || chunkRecords >= CHUNK_RECORDS)) {
                    judgeAndWrite(chunkBucket, chunk);
                    chunk = new LinkedHashMap<>();
                    chunkRecords = 0;
                }
                chunkBucket = bucket;
                chunk.computeIfAbsent(key, k -> new ArrayList<>(1)).add(record);
                chunkRecords++;
            }
            if (!chunk.isEmpty() && failure.get() == null) {
                judgeAndWrite(chunkBucket, chunk);
            }
            rawBatches.values().forEach(this::flush);
            personBatches.values().forEach(this::flushPersons);
            permits.acquire(maxInFlight);
            Throwable error = failure.get();
            if (error != null) {
                throw new IllegalStateException(
                        "writing a micro-batch partition failed; the batch will be replayed", error);
            }
            return new PartitionOutcome(
                    stored.sum(),
                    duplicates.sum(),
                    conflicts.sum(),
                    rejected.sum(),
                    displaced.sum(),
                    cells,
                    rebuildCells);
        }

        private void judgeAndWrite(int bucket, Map<EventKey, List<ParsedRecord>> chunk) {
            requireSortedInput(bucket, chunk.keySet());
            if (!erasures.isEmpty() && !setAsideErased(bucket, chunk)) {
                return;
            }
            Map<EventKey, List<StoredVersion>> found = storedVersions(bucket, chunk);
            if (found == null) {
                return;
            }
            List<Judgement> remembered = new ArrayList<>();
            for (Map.Entry<EventKey, List<ParsedRecord>> identity : chunk.entrySet()) {
                for (Judgement j :
                        IdentityVerdicts.judge(identity.getValue(), found.getOrDefault(identity.getKey(), List.of()))) {
                    ParsedRecord record = j.record();
                    switch (j.verdict()) {
                        case NEW -> {
                            if (j.displaced() != null) {
                                displace(record, j.displaced());
                            }
                            batchTime = record.ingestedAt();
                            rowBatch(record).add(record);
                            for (PersonRow person : PersonRow.of(record, shards)) {
                                personBatch(person).add(person);
                            }
                            remembered.add(j);
                        }
                        case DUPLICATE -> {
                            duplicates.increment();
                            submit(() -> resolved(record, DeadLetterFields.RESOLUTION_DUPLICATE));
                        }
                        case CONFLICT ->
                            submit(() -> store.deadLetter(DeadLetter.conflict(record, j.against()))
                                    .thenCompose(r -> resolved(record, DeadLetterFields.RESOLUTION_CONFLICT))
                                    .thenRun(conflicts::increment));
                    }
                }
            }
            for (int from = 0; from < remembered.size(); from += MAX_INDEX_BATCH_ROWS) {
                List<Judgement> slice =
                        remembered.subList(from, Math.min(remembered.size(), from + MAX_INDEX_BATCH_ROWS));
                submit(() -> store.rememberIdentities(bucket, slice));
            }
        }

        /**
         * The stored version received after this record gives way (decision 0048): its raw row goes when it lived in
         * another hour (in its own hour, the record's row overwrites it), its conflict letter names the record, and
         * its cell is rebuilt from raw rows by the ETL run that applies this batch, which takes its events out of the
         * cubes. A replay does all of it again, idempotently.
         */
        private void displace(ParsedRecord record, StoredVersion.Displaced version) {
            StoredCell cell = new StoredCell(version.eventHour(), record.merchantId());
            if (!version.eventHour().equals(record.eventHour())) {
                int shard = shards.shardOf(record.eventId(), version.eventHour());
                submit(() -> store.deleteRow(version.eventHour(), shard, record.key()));
            }
            submit(() -> store.deadLetter(DeadLetter.displaced(record, version)).thenRun(() -> {
                displaced.increment();
                cells.add(cell);
                rebuildCells.add(cell);
            }));
        }

        /**
         * Takes out of the chunk, as {@code erased} dead letters, the records of erased identities and of persons an
         * erasure suppresses (issue 23); false when the read failed.
         */
        private boolean setAsideErased(int bucket, Map<EventKey, List<ParsedRecord>> chunk) {
            for (Iterator<Map.Entry<EventKey, List<ParsedRecord>>> it =
                            chunk.entrySet().iterator();
                    it.hasNext(); ) {
                List<ParsedRecord> versions = it.next().getValue();
                versions.removeIf(record -> {
                    if (!erasures.suppresses(record)) {
                        return false;
                    }
                    erased(record);
                    return true;
                });
                if (versions.isEmpty()) {
                    it.remove();
                }
            }
            List<EventKey> candidates =
                    chunk.keySet().stream().filter(erasures::mayHaveErased).toList();
            List<CompletableFuture<Set<EventKey>>> reads = new ArrayList<>();
            for (int from = 0; from < candidates.size(); from += MAX_IN_KEYS) {
                List<EventKey> slice = candidates.subList(from, Math.min(candidates.size(), from + MAX_IN_KEYS));
                reads.add(read(() -> store.erasedEvents(bucket, slice)));
            }
            for (CompletableFuture<Set<EventKey>> read : reads) {
                Set<EventKey> erasedKeys;
                try {
                    erasedKeys = read.join();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e.getCause() != null ? e.getCause() : e);
                    return false;
                }
                for (EventKey key : erasedKeys) {
                    List<ParsedRecord> versions = chunk.remove(key);
                    if (versions != null) {
                        versions.forEach(this::erased);
                    }
                }
            }
            return true;
        }

        private void erased(ParsedRecord record) {
            submit(() -> store.deadLetter(DeadLetter.erased(record))
                    .thenCompose(r -> resolved(record, DeadLetterFields.RESOLUTION_ERASED))
                    .thenRun(rejected::increment));
        }

        /** The versions earlier batches stored, per identity of the chunk; null when a read failed. */
        private Map<EventKey, List<StoredVersion>> storedVersions(int bucket, Map<EventKey, List<ParsedRecord>> chunk) {
            List<CompletableFuture<Map<EventKey, StoredVersion>>> reads = new ArrayList<>();
            List<EventKey> keys = new ArrayList<>(chunk.keySet());
            for (int from = 0; from < keys.size(); from += MAX_IN_KEYS) {
                List<EventKey> slice = keys.subList(from, Math.min(keys.size(), from + MAX_IN_KEYS));
                reads.add(read(() -> store.recentIdentities(bucket, slice)));
            }
            Map<RawPartition, List<EventKey>> old = new HashMap<>();
            chunk.forEach((key, versions) -> versions.stream()
                    .filter(this::olderThanWindow)
                    .map(RawPartition::of)
                    .distinct()
                    .forEach(partition -> old.computeIfAbsent(partition, p -> new ArrayList<>())
                            .add(key)));
            old.forEach((partition, partitionKeys) -> {
                for (int from = 0; from < partitionKeys.size(); from += MAX_IN_KEYS) {
                    List<EventKey> slice =
                            partitionKeys.subList(from, Math.min(partitionKeys.size(), from + MAX_IN_KEYS));
                    reads.add(read(() -> store.rawRows(partition.eventHour(), partition.shard(), slice)));
                }
            });
            Map<EventKey, List<StoredVersion>> found = new HashMap<>();
            for (CompletableFuture<Map<EventKey, StoredVersion>> read : reads) {
                Map<EventKey, StoredVersion> answer;
                try {
                    answer = read.join();
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e.getCause() != null ? e.getCause() : e);
                    return null;
                }
                answer.forEach((key, version) -> {
                    List<StoredVersion> versions = found.computeIfAbsent(key, k -> new ArrayList<>(1));
                    if (versions.stream().noneMatch(v -> v.eventHour().equals(version.eventHour()))) {
                        versions.add(version);
                    }
                });
            }
            return found;
        }

        /** An event whose stored version may be older than the index remembers: look in its raw partition too. */
        private boolean olderThanWindow(ParsedRecord record) {
            Instant batchTime = record.ingestedAt();
            return batchTime != null
                    && record.occurredAt()
                            .isBefore(batchTime.minus(identityWindow).plus(FUTURE_MARGIN));
        }

        private RowBatch rowBatch(ParsedRecord record) {
            RawPartition partition = RawPartition.of(record);
            RowBatch batch = rawBatches.computeIfAbsent(partition, p -> new RowBatch());
            if (batch.isFull(record)) {
                flush(batch);
            }
            return batch;
        }

        private List<PersonRow> personBatch(PersonRow row) {
            List<PersonRow> batch = personBatches.computeIfAbsent(row.partition(), p -> new ArrayList<>());
            if (batch.size() >= MAX_INDEX_BATCH_ROWS) {
                flushPersons(batch);
            }
            return batch;
        }

        private void flushPersons(List<PersonRow> batch) {
            if (batch.isEmpty()) {
                return;
            }
            List<PersonRow> rows = List.copyOf(batch);
            batch.clear();
            Instant ingestedAt = batchTime;
            submit(() -> store.rememberPersons(rows, ingestedAt));
        }

        private void flush(RowBatch batch) {
            if (batch.rows.isEmpty()) {
                return;
            }
            List<ParsedRecord> rows = List.copyOf(batch.rows);
            batch.clear();
            submit(() -> store.storeRows(rows).thenCompose(r -> {
                List<CompletableFuture<Void>> resolutions = new ArrayList<>();
                for (ParsedRecord row : rows) {
                    stored.increment();
                    cells.add(new StoredCell(row.eventHour(), row.merchantId()));
                    onStored.accept(row);
                    resolutions.add(
                            resolved(row, DeadLetterFields.RESOLUTION_STORED).toCompletableFuture());
                }
                return CompletableFuture.allOf(resolutions.toArray(CompletableFuture[]::new));
            }));
        }

        /**
         * All versions of an identity must be judged together: the input is sorted by bucket and identity, so an
         * identity or a bucket that shows up again after its chunk would be a broken sort, and is refused.
         */
        private void requireSortedInput(int bucket, Collection<EventKey> keys) {
            if (bucket != judgedBucket) {
                finishedBuckets.add(judgedBucket);
                if (finishedBuckets.contains(bucket)) {
                    throw new IllegalStateException("records are not grouped by identity bucket: " + bucket + " again");
                }
                judgedBucket = bucket;
                judgedInBucket.clear();
            }
            for (EventKey key : keys) {
                if (!judgedInBucket.add(key)) {
                    throw new IllegalStateException("records are not grouped by identity: " + key + " again");
                }
            }
        }

        private void submit(Supplier<? extends CompletionStage<?>> work) {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
                return;
            }
            CompletionStage<?> started;
            try {
                started = work.get();
            } catch (RuntimeException e) {
                started = CompletableFuture.failedFuture(e);
            }
            started.whenComplete((ignored, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
        }

        private <T> CompletableFuture<T> read(Supplier<? extends CompletionStage<T>> work) {
            try {
                return work.get().toCompletableFuture();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    private int bucketOf(EventKey key) {
        return RawEventLayout.identityBucketOf(key.merchantId(), key.eventId(), identityBuckets);
    }

    /** A re-driven record's letter learns what became of it; an ordinary record has no letter to tell. */
    private CompletionStage<Void> resolved(ParsedRecord record, String resolution) {
        return record.redrive() == null
                ? CompletableFuture.completedFuture(null)
                : store.resolveRedrive(record.redrive(), resolution, record.ingestedAt());
    }

    /** A raw partition, {@code (event_hour, shard)}: the unit of a single-partition batch. */
    record RawPartition(Instant eventHour, int shard) {
        static RawPartition of(ParsedRecord record) {
            return new RawPartition(record.eventHour(), record.shard());
        }
    }

    /** Rows of one raw partition waiting to be written together, bounded in rows and bytes. */
    private static final class RowBatch {
        private final List<ParsedRecord> rows = new ArrayList<>(MAX_BATCH_ROWS);
        private int bytes;

        boolean isFull(ParsedRecord next) {
            return !rows.isEmpty() && (rows.size() >= MAX_BATCH_ROWS || bytes + size(next) > MAX_BATCH_BYTES);
        }

        void add(ParsedRecord row) {
            rows.add(row);
            bytes += size(row);
        }

        void clear() {
            rows.clear();
            bytes = 0;
        }

        /** The payload dominates a row; the columns and the statement add roughly this much. */
        private static int size(ParsedRecord row) {
            return (row.payload() == null ? 0 : row.payload().length()) + 256;
        }
    }
}
