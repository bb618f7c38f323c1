package com.merchantinsights.reconcile;

import static com.merchantinsights.reconcile.Events.HOUR;
import static com.merchantinsights.reconcile.Events.order;
import static com.merchantinsights.reconcile.Events.record;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_2")))
                .as("the same event id of another merchant")
                .isEqualTo(1);
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
    void theVersionReceivedFirstIsTheFirstVersionWhateverItsPartitionOffsetOrKafkaTime() {
        // Received 0.2 s apart by the events API; Kafka stamped them the other way round.
        topic.add(new TopicRecord(
                1,
                1,
                HOUR.plusSeconds(100),
                EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR, HOUR.plusMillis(50_200))),
                false));
        topic.add(new TopicRecord(
                2,
                900,
                HOUR.plusSeconds(500),
                EventRecordFields.parse(order("m_1", "e-1", HOUR, HOUR.plusMillis(50_000))),
                false));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(topic.counts().get(new HourMerchant(NEXT_HOUR, "m_1"))).isZero();
    }

    @Test
    void withoutAReceiptTimeKafkaTimeThenPartitionAndOffsetOrderTheVersions() {
        topic.add(new TopicRecord(
                1, 1, HOUR.plusSeconds(500), EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR)), false));
        topic.add(new TopicRecord(
                2, 900, HOUR.plusSeconds(100), EventRecordFields.parse(order("m_1", "e-1", HOUR)), false));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
    }

    @Test
    void anIdentityWithVersionsInTwoHoursCountsWhereTheStoreHoldsIt() {
        EventIdentity identity = new EventIdentity("m_1", "e-1");
        TopicRecord first = new TopicRecord(
                2,
                1,
                HOUR.plusSeconds(100),
                EventRecordFields.parse(order("m_1", "e-1", HOUR, HOUR.plusSeconds(90))),
                false);
        TopicRecord later = new TopicRecord(
                1,
                1,
                HOUR.plusSeconds(101),
                EventRecordFields.parse(order("m_1", "e-1", NEXT_HOUR, HOUR.plusSeconds(95))),
                false);
        topic.add(later);
        topic.add(first);

        assertThat(topic.undecided()).containsExactly(Map.entry(identity, Set.of(HOUR, NEXT_HOUR)));
        Map<EventIdentity, List<StoredRow>> storedFirst = Map.of(identity, List.of(new StoredRow(HOUR, 2, 1L)));
        assertThat(topic.counts(storedFirst).get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(topic.findings(storedFirst)).isEmpty();

        // the residual case: under a backlog the later version's partition was read first, and it was stored
        Map<EventIdentity, List<StoredRow>> storedLater = Map.of(identity, List.of(new StoredRow(NEXT_HOUR, 1, 1L)));
        assertThat(topic.counts(storedLater).get(new HourMerchant(NEXT_HOUR, "m_1")))
                .isEqualTo(1);
        assertThat(topic.counts(storedLater).get(new HourMerchant(HOUR, "m_1"))).isZero();
        assertThat(topic.findings(storedLater)).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(IdentityFinding.Kind.LATER_VERSION_STORED);
            assertThat(f.storedHours()).containsExactly(NEXT_HOUR);
            assertThat(f.firstReceivedHour()).isEqualTo(HOUR);
        });

        // not stored at all: expected in the first-received version's hour, so that the loss shows
        HourCounts lost = topic.counts(Map.of());
        assertThat(lost.get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(lost.get(new HourMerchant(NEXT_HOUR, "m_1"))).isZero();
    }

    @Test
    void anIdentityStoredInTwoHoursIsAFindingAndCountsOnceSoTheSecondRowShows() {
        EventIdentity identity = new EventIdentity("m_1", "e-1");
        topic.add(record(0, 1, order("m_1", "e-1", HOUR)));
        topic.add(record(0, 2, order("m_1", "e-1", NEXT_HOUR)));
        Map<EventIdentity, List<StoredRow>> twice =
                Map.of(identity, List.of(new StoredRow(HOUR, 0, 1L), new StoredRow(NEXT_HOUR, 0, 2L)));

        assertThat(topic.counts(twice).get(new HourMerchant(HOUR, "m_1"))).isEqualTo(1);
        assertThat(topic.counts(twice).get(new HourMerchant(NEXT_HOUR, "m_1"))).isZero();
        assertThat(topic.findings(twice))
                .singleElement()
                .extracting(IdentityFinding::kind)
                .isEqualTo(IdentityFinding.Kind.STORED_TWICE);
    }

    @Test
    void versionsInOneHourAreNotUndecided() {
        topic.add(record(1, 1, order("m_1", "e-1", HOUR)));
        topic.add(record(2, 1, order("m_1", "e-1", HOUR.plusSeconds(60))));

        assertThat(topic.undecided())
                .as("both in the same cell: either way the same count")
                .isEmpty();
    }

    @Test
    void rejectedRecordsCountOncePerRecordAndAReDriveRejectedAgainNotAtAll() {
        String broken = Events.event("m_1", "e-1", "Order Completed", HOUR);
        topic.add(record(0, 1, broken));
        topic.add(record(0, 2, broken));
        topic.add(new TopicRecord(0, 3, HOUR, EventRecordFields.parse(broken), true));

        assertThat(topic.counts().get(new HourMerchant(HOUR, "m_1")))
                .as("two records, two dead letters")
                .isEqualTo(2);
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
        topic.add(record(
                0, 2, "{\"event_id\":\"e\",\"merchant_id\":\"m_1\",\"type\":\"x\",\"occurred_at\":\"yesterday\"}"));

        assertThat(topic.withoutHour()).isEqualTo(2);
        assertThat(topic.counts()).hasToString("{}");
    }

    @Test
    void cellsWithRecentRecordsArePendingWhateverTheHourOfOccurrence() {
        TopicIdentities recent = new TopicIdentities(HOUR.plusSeconds(10));
        recent.add(
                new TopicRecord(0, 1, HOUR.plusSeconds(9), EventRecordFields.parse(order("m_1", "e-1", HOUR)), false));
        recent.add(new TopicRecord(
                0,
                2,
                HOUR.plusSeconds(10),
                EventRecordFields.parse(order("m_2", "late", HOUR.minusSeconds(86_400))),
                false));

        assertThat(recent.recentlyReceived()).containsExactly(new HourMerchant(HOUR.minusSeconds(86_400), "m_2"));
    }
}
