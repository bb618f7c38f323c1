package com.merchantinsights.stream;

import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The raw store's contract in memory, with Cassandra's TTLs on a clock the test moves: raw rows live for the raw
 * store's hour-relative TTL, recent identities for the identity window. Optionally fails every write after a number
 * of them, as a driver killed mid-batch would leave the store.
 */
class InMemoryRawStore implements RawStore {
    record Written<T>(T value, Instant expires) {}

    final Map<String, Written<ParsedRecord>> rows = new HashMap<>();
    final Map<EventKey, Written<StoredVersion>> identities = new HashMap<>();
    final List<DeadLetter> letters = new ArrayList<>();
    final Map<UUID, String> resolutions = new HashMap<>();
    final List<PersonRow> persons = new ArrayList<>();
    final java.util.Set<EventKey> erased = new java.util.HashSet<>();
    ErasureRegistry registry = ErasureRegistry.EMPTY;
    final Duration window;
    Instant now;
    int writesBeforeFailure = Integer.MAX_VALUE;
    int statements;

    InMemoryRawStore(Instant now, Duration window) {
        this.now = now;
        this.window = window;
    }

    static String rowKey(Instant hour, int shard, EventKey key) {
        return hour + "/" + shard + "/" + key.merchantId() + "/" + key.eventId();
    }

    /** The stored rows alive now. */
    synchronized List<ParsedRecord> liveRows() {
        return rows.values().stream()
                .filter(w -> w.expires().isAfter(now))
                .map(Written::value)
                .toList();
    }

    @Override
    public synchronized CompletionStage<Map<EventKey, StoredVersion>> recentIdentities(
            int bucket, Collection<EventKey> keys) {
        Map<EventKey, StoredVersion> found = new HashMap<>();
        for (EventKey key : keys) {
            Written<StoredVersion> w = identities.get(key);
            if (w != null && w.expires().isAfter(now)) {
                found.put(key, w.value());
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public synchronized CompletionStage<Map<EventKey, StoredVersion>> rawRows(
            Instant eventHour, int shard, Collection<EventKey> keys) {
        Map<EventKey, StoredVersion> found = new HashMap<>();
        for (EventKey key : keys) {
            Written<ParsedRecord> w = rows.get(rowKey(eventHour, shard, key));
            if (w != null && w.expires().isAfter(now)) {
                found.put(key, StoredVersion.of(w.value()));
            }
        }
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public synchronized CompletionStage<Void> storeRows(List<ParsedRecord> rowsOfOnePartition) {
        if (++statements > writesBeforeFailure) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
        }
        if (rowsOfOnePartition.stream()
                        .map(PartitionWriter.RawPartition::of)
                        .distinct()
                        .count()
                != 1) {
            throw new AssertionError("a batch spans raw partitions: " + rowsOfOnePartition);
        }
        for (ParsedRecord r : rowsOfOnePartition) {
            Instant expires = r.ingestedAt()
                    .plusSeconds(
                            RawEventLayout.ttlSeconds(r.eventHour(), r.ingestedAt(), RawEventLayout.DEFAULT_RETENTION));
            rows.put(rowKey(r.eventHour(), r.shard(), r.key()), new Written<>(r, expires));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> rememberIdentities(
            int bucket, List<IdentityVerdicts.Judgement> firstVersions) {
        if (++statements > writesBeforeFailure) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
        }
        for (IdentityVerdicts.Judgement j : firstVersions) {
            ParsedRecord r = j.record();
            identities.put(
                    r.key(),
                    new Written<>(
                            StoredVersion.of(r, j.displaced()), r.ingestedAt().plus(window)));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> rememberPersons(List<PersonRow> rowsOfOnePartition, Instant ingestedAt) {
        if (++statements > writesBeforeFailure) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
        }
        if (rowsOfOnePartition.stream().map(PersonRow::partition).distinct().count() != 1) {
            throw new AssertionError("a lookup batch spans partitions: " + rowsOfOnePartition);
        }
        persons.removeAll(rowsOfOnePartition);
        persons.addAll(rowsOfOnePartition);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<ErasureRegistry> erasureRegistry() {
        return CompletableFuture.completedFuture(registry);
    }

    @Override
    public synchronized CompletionStage<java.util.Set<EventKey>> erasedEvents(int bucket, Collection<EventKey> keys) {
        java.util.Set<EventKey> found = new java.util.HashSet<>(keys);
        found.retainAll(erased);
        return CompletableFuture.completedFuture(found);
    }

    @Override
    public synchronized CompletionStage<Void> deleteRow(Instant eventHour, int shard, EventKey key) {
        if (++statements > writesBeforeFailure) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
        }
        rows.remove(rowKey(eventHour, shard, key));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> deadLetter(DeadLetter letter) {
        if (++statements > writesBeforeFailure) {
            return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
        }
        letters.removeIf(l -> l.id().equals(letter.id()));
        letters.add(letter);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized CompletionStage<Void> resolveRedrive(Redrive redrive, String resolution, Instant resolvedAt) {
        resolutions.put(redrive.deadLetterId(), resolution);
        return CompletableFuture.completedFuture(null);
    }
}
