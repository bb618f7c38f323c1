package com.merchantinsights.reconcile;

import com.merchantinsights.core.layout.DeadLetterFields;
import java.util.Objects;

/**
 * A row of {@code insights.dead_letters} as the reconciliation reads it.
 *
 * @param payload    the events-topic record the letter keeps (its text)
 * @param resolution what a re-drive made of it (stored, duplicate, conflict), null while unresolved
 */
public record StoredDeadLetter(String kind, String source, String payload, String resolution) {
    /** Only the stream processor's letters come from the events topic; the Segment intake's never reached it. */
    static final String STREAM_SOURCE = "stream-processor";

    public StoredDeadLetter {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Whether the letter stands for a topic record that left no raw row: a rejected record of the stream processor not
     * re-driven into the raw store since. A conflict is a second version of a stored identity, and a resolved letter's
     * event now has its raw row: counting either would count an identity twice.
     */
    public boolean countsForTopic() {
        return DeadLetterFields.KIND_REJECTED.equals(kind) && STREAM_SOURCE.equals(source) && resolution == null;
    }
}
