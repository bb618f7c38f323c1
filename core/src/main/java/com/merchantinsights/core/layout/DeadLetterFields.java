package com.merchantinsights.core.layout;

/**
 * The JSON fields of a dead letter on {@link Topics#DEAD_LETTERS}, shared by every writer (the events API's
 * Segment intake, the stream processor) and by the re-drive command, so that one letter reads the same everywhere.
 */
public final class DeadLetterFields {
    public static final String DEAD_LETTER_ID = "dead_letter_id";
    /** Who wrote it: {@code segment}, {@code stream-processor}. */
    public static final String SOURCE = "source";
    /** {@link #KIND_REJECTED} or {@link #KIND_CONFLICT}. */
    public static final String KIND = "kind";

    public static final String CODE = "code";
    public static final String FIELD = "field";
    public static final String REASON = "reason";
    public static final String MERCHANT_ID = "merchant_id";
    public static final String EVENT_ID = "event_id";
    public static final String RECEIVED_AT = "received_at";
    /** The record as it arrived: a JSON object when it parsed, its text otherwise. */
    public static final String PAYLOAD = "payload";

    public static final String RECORDED_AT = "recorded_at";

    /** The event breaks a rule (at the edge, or a newer rule in the stream processor). */
    public static final String KIND_REJECTED = "rejected";
    /** A re-send of a stored identity that differs from the first stored version, which wins (decision 0008). */
    public static final String KIND_CONFLICT = "conflict";
    /**
     * An event of a person whose data was erased (a re-send of an erased event, or a new one while the erasure
     * suppresses the person), not stored; the letter carries no payload (issue 23).
     */
    public static final String KIND_ERASED = "erased";

    /**
     * Kafka headers of a re-driven record (decision 0012): the rejected letter it re-sends, and that letter's recorded
     * time, so that the stream processor rewrites the same letter if the record is rejected again, and marks it
     * resolved once the event is stored.
     */
    public static final String REDRIVE_OF_HEADER = "insights-redrive-of";

    public static final String REDRIVE_RECORDED_AT_HEADER = "insights-redrive-recorded-at";
    /** What became of a re-driven letter ({@code dead_letters.resolution}). */
    public static final String RESOLUTION_STORED = "stored";
    /** A re-driven letter whose event belongs to an erased person (issue 23): not stored. */
    public static final String RESOLUTION_ERASED = "erased";

    public static final String RESOLUTION_DUPLICATE = "duplicate";
    public static final String RESOLUTION_CONFLICT = "conflict";

    private DeadLetterFields() {}
}
