package com.merchantinsights.cli.reconcile;

import static com.merchantinsights.cli.reconcile.Events.HOUR;
import static com.merchantinsights.cli.reconcile.Events.order;
import static com.merchantinsights.cli.reconcile.Events.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicIdentitiesTest {
    private static final Instant NEXT_HOUR = HOUR.plusSeconds(3_600);
    private final TopicIdentities topic = new TopicIdentities(Instant.MAX);

    @Test
    void countsAnIdentityOnceHoweverOftenItWasSent() {
        topic.add(record(0, 1, order("m_1", "e-1", HOUR.plusSeconds(60))));
        topic.add(record(0, 2, order("m_1", "e-1", HOUR.plusSeconds(60))));
        topic.add(record(0, 3, order("m_1", "e-2", HOUR.plusSeconds(60))));
        topic.add(record(0, 4, order("m_2", "e-1", HOUR.plusSeconds(60))));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(2);
        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_2"))).as("the same event id of another merchant").isEqualTo(1);
        assertThat(topic.records()).isEqualTo(4);
    }

    @Test
    void aConflictingResendIsCountedInTheHourOfTheFirstVersionWhateverOrderTheScanSeesThemIn() {
        topic.add(record(0, 9, order("m_1", "e-1", NEXT_HOUR.plusSeconds(5))));
        topic.add(record(0, 3, order("m_1", "e-1", HOUR.plusSeconds(5))));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(topic.counts().get(new HourMerchant(NEXT_HOUR, "m_1"))).isZero();
    }

    @Test
    void acrossPartitionsTheEarlierKafkaTimeIsTheFirstVersion() {
        topic.add(new TopicRecord(1, 1, HOUR.plusSeconds(500), EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR)), false));
        topic.add(new TopicRecord(2, 900, HOUR.plusSeconds(100), EventRecordFields.parse(order("m_1", "e-1", HOUR)), false));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(topic.counts().get(new HourMerchant(NEXT_HOUR, "m_1"))).isZero();
    }

    @Test
    void versionsOnOnePartitionAreClaimedInOffsetOrderSoNoneIsUndecided() {
        topic.add(record(3, 1, order("m_1", "e-1", HOUR)));
        topic.add(record(3, 2, order("m_1", "e-1", NEXT_HOUR)));

        assertThat(topic.undecided()).isEmpty();
    }

    @Test
    void aConflictOnTwoPartitionsCountsInTheHourTheStoreHoldsIt() {
        EventIdentity identity = new EventIdentity("m_1", "e-1");
        topic.add(new TopicRecord(1, 1, HOUR.plusSeconds(100), EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR)), false));
        topic.add(new TopicRecord(2, 1, HOUR.plusSeconds(101), EventRecordFields.parse(order("m_1", "e-1", HOUR)), false));
        topic.add(new TopicRecord(1, 2, HOUR.plusSeconds(102), EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR)), false));

        assertThat(topic.undecided()).containsExactly(identity);
        // one micro-batch held both: the stream may have claimed the later one first
        HourCounts stored = topic.counts(Map.of(identity, HOUR));
        assertThat(stored.get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(stored.get(new HourMerchant(NEXT_HOUR, "m_1"))).isZero();
        // not stored at all: expected by Kafka time, so that the loss shows
        HourCounts lost = topic.counts(Map.of());
        assertThat(lost.get(new HourMerchant(NEXT_HOUR, "m_1"))).isEqualTo(1);
        assertThat(lost.get(new HourMerchant(HOUR, "m_1"))).isZero();
    }

    @Test
    void onlyTheFirstVersionOfEachPartitionCanHaveBeenStored() {
        EventIdentity identity = new EventIdentity("m_1", "e-1");
        Instant twoHoursOn = HOUR.plusSeconds(7_200);
        topic.add(new TopicRecord(0, 1, HOUR.plusSeconds(300), EventRecordFields.parse(order("m_1", "e-1", HOUR)), false));
        topic.add(new TopicRecord(1, 1, HOUR.plusSeconds(100), EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR)), false));
        topic.add(new TopicRecord(0, 2, HOUR.plusSeconds(400), EventRecordFields.parse(order("m_1", "e-1", twoHoursOn)), false));

        // a store that says two hours on stored a version that came after another on its own partition: a fault, shown
        HourCounts counts = topic.counts(Map.of(identity, twoHoursOn));
        assertThat(counts.get(new HourMerchant(NEXT_HOUR, "m_1"))).isEqualTo(1);
        assertThat(counts.get(new HourMerchant(twoHoursOn, "m_1"))).isZero();
    }

    @Test
    void theSameVersionOnTwoPartitionsIsNotUndecided() {
        topic.add(record(1, 1, order("m_1", "e-1", HOUR)));
        topic.add(record(2, 1, order("m_1", "e-1", HOUR.plusSeconds(60))));

        assertThat(topic.undecided()).as("both in the same cell: either way the same count").isEmpty();
    }

    @Test
    void rejectedRecordsCountOncePerRecordAndAReDriveRejectedAgainNotAtAll() {
        String broken = Events.event("m_1", "e-1", "Order Completed", HOUR);
        topic.add(record(0, 1, broken));
        topic.add(record(0, 2, broken));
        topic.add(new TopicRecord(0, 3, HOUR, EventRecordFields.parse(broken), true));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).as("two records, two dead letters").isEqualTo(2);
    }

    @Test
    void aReDriveThatIsNowValidIsOneIdentityWithItsOriginal() {
        topic.add(record(0, 1, order("m_1", "e-1", HOUR)));
        topic.add(new TopicRecord(0, 2, HOUR, EventRecordFields.parse(order("m_1", "e-1", HOUR)), true));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
    }

    @Test
    void rejectedRecordsWithoutAnHourAreCountedApart() {
        topic.add(record(0, 1, "not json"));
        topic.add(record(0, 2, "{\"event_id\":\"e\",\"merchant_id\":\"m_1\",\"type\":\"x\",\"occurred_at\":\"yesterday\"}"));

        assertThat(topic.withoutHour()).isEqualTo(2);
        assertThat(topic.counts()).hasToString("{}");
    }

    @Test
    void cellsWithRecentRecordsArePendingWhateverTheHourOfOccurrence() {
        TopicIdentities recent = new TopicIdentities(HOUR.plusSeconds(10));
        recent.add(new TopicRecord(0, 1, HOUR.plusSeconds(9), EventRecordFields.parse(order("m_1", "e-1", HOUR)), false));
        recent.add(new TopicRecord(0, 2, HOUR.plusSeconds(10), EventRecordFields.parse(order("m_2", "late", HOUR.minusSeconds(86_400))), false));

        assertThat(recent.recentlyReceived()).containsExactly(new HourMerchant(HOUR.minusSeconds(86_400), "m_2"));
    }
}
