package com.merchantinsights.reconcile;

import static com.merchantinsights.reconcile.Events.HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLetterTallyTest {
    private static final String BROKEN = Events.event("m_1", "e-1", "Order Completed", HOUR.plusSeconds(30));
    private final DeadLetterTally tally = new DeadLetterTally();

    @Test
    void countsUnresolvedRejectedLettersOfTheStreamByTheHourOfTheirPayload() {
        tally.add(new StoredDeadLetter("rejected", "stream-processor", BROKEN, null));

        assertThat(tally.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
    }

    @Test
    void leavesOutConflictsResolvedLettersAndLettersThatNeverReachedTheTopic() {
        tally.add(new StoredDeadLetter("conflict", "stream-processor", BROKEN, null));
        tally.add(new StoredDeadLetter("rejected", "stream-processor", BROKEN, "stored"));
        tally.add(new StoredDeadLetter("rejected", "segment", BROKEN, null));

        assertThat(tally.counts().get(new HourMerchant(HOUR, "m_1"))).isZero();
        assertThat(tally.withoutHour()).isZero();
    }

    @Test
    void aPayloadWithoutAnHourIsCountedApart() {
        tally.add(new StoredDeadLetter("rejected", "stream-processor", "{\"event_id\":", null));

        assertThat(tally.withoutHour()).isEqualTo(1);
        assertThat(tally.counts()).hasToString("{}");
    }
}
