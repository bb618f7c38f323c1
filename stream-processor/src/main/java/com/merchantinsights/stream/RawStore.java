package com.merchantinsights.stream;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The raw store as one micro-batch partition reads and writes it (decision 0026): every statement touches one
 * Cassandra partition, and all are asynchronous so that many are in flight.
 */
interface RawStore {
    /** The stored versions of these identities in the recent-identity index (one identity bucket's partition). */
    CompletionStage<Map<EventKey, StoredVersion>> recentIdentities(int bucket, Collection<EventKey> keys);

    /** The stored raw rows of these identities in one raw partition {@code (hour, shard)}. */
    CompletionStage<Map<EventKey, StoredVersion>> rawRows(Instant eventHour, int shard, Collection<EventKey> keys);

    /** Upserts the raw rows of first versions, all of one raw partition, as one single-partition batch. */
    CompletionStage<Void> storeRows(List<ParsedRecord> rowsOfOnePartition);

    /**
     * Records first versions in the recent-identity index, all of one identity bucket, as one batch, each with the
     * version it displaced, if any (decision 0048).
     */
    CompletionStage<Void> rememberIdentities(int bucket, List<IdentityVerdicts.Judgement> firstVersions);

    /**
     * Records where the persons of stored rows are ({@code person_events}), all of one lookup partition, as one batch,
     * with the raw rows' TTL (issue 23).
     */
    CompletionStage<Void> rememberPersons(List<PersonRow> rowsOfOnePartition, Instant ingestedAt);

    /** The erasure registry, read once per task before any record is judged (issue 23). */
    CompletionStage<ErasureRegistry> erasureRegistry();

    /** Which of these identities, all of one identity bucket, belong to erased events (issue 23). */
    CompletionStage<java.util.Set<EventKey>> erasedEvents(int bucket, Collection<EventKey> keys);

    /** Deletes the raw row of a version that gave way to one received before it, in another hour (decision 0048). */
    CompletionStage<Void> deleteRow(Instant eventHour, int shard, EventKey key);

    /** Records a dead letter in the dead-letter table and on the dead-letter topic; completes when both hold it. */
    CompletionStage<Void> deadLetter(DeadLetter letter);

    /**
     * Records on the re-driven rejected letter what became of its event ({@code stored}, {@code duplicate},
     * {@code conflict}), so that a later re-drive skips it.
     */
    CompletionStage<Void> resolveRedrive(Redrive redrive, String resolution, Instant resolvedAt);
}
