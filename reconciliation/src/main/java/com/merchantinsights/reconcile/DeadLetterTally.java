package com.merchantinsights.reconcile;

import java.util.ArrayList;
import java.util.List;

/** The dead letters that count against the topic, by the hour of their payload's occurred_at. */
public final class DeadLetterTally {
    private final List<HourCount> counted = new ArrayList<>();
    private long withoutHour;

    public void add(StoredDeadLetter letter) {
        if (!letter.countsForTopic()) {
            return;
        }
        // Letters are keyed by the day they were recorded; the payload says which hour the event belongs to.
        EventRecordFields fields = EventRecordFields.parse(letter.payload());
        fields.cell().ifPresentOrElse(cell -> counted.add(new HourCount(cell, 1)), () -> withoutHour++);
    }

    /**
     * An {@code erased} letter of an event that was never stored (a suppressed person's new event, issue 23): its
     * payload is the event's identity and hour only.
     */
    public void addNeverStored(StoredDeadLetter letter) {
        EventRecordFields fields = EventRecordFields.parse(letter.payload());
        fields.cell().ifPresentOrElse(cell -> counted.add(new HourCount(cell, 1)), () -> withoutHour++);
    }

    public HourCounts counts() {
        return HourCounts.of(counted);
    }

    /** Counted letters whose payload has no parseable occurred_at: in no hour, so in no comparison. */
    public long withoutHour() {
        return withoutHour;
    }
}
