package com.merchantinsights.stream;

import java.util.concurrent.CompletionStage;

/** The raw store as one micro-batch partition writes to it; asynchronous so that many writes are in flight. */
interface RawStore {
    /** Insert-if-absent of the record's identity (merchant_id, event_id); answers the first stored version. */
    CompletionStage<StoredIdentity> claim(ParsedRecord record, String fingerprint);

    /** Upserts the record's raw row (same key, same row, however often). */
    CompletionStage<Void> store(ParsedRecord record);

    /** Records a dead letter in the dead-letter table and on the dead-letter topic; completes when both hold it. */
    CompletionStage<Void> deadLetter(DeadLetter letter);

    /**
     * Records on the re-driven rejected letter what became of its event ({@code stored}, {@code duplicate},
     * {@code conflict}), so that a later re-drive skips it.
     */
    CompletionStage<Void> resolveRedrive(Redrive redrive, String resolution, java.time.Instant resolvedAt);
}
