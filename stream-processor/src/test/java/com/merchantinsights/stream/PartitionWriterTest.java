package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant TEN_PAST = Instant.parse("2026-11-25T09:10:00Z");
    private static final Duration WINDOW = RawEventLayout.DEFAULT_IDENTITY_WINDOW;
    private static final int BUCKETS = 4;

    private final InMemoryRawStore store = new InMemoryRawStore(NOW, WINDOW);

    private static PartitionOutcome write(InMemoryRawStore target, ParsedRecord... records)
            throws InterruptedException {
        return new PartitionWriter(target, 4, BUCKETS, WINDOW, ShardLayout.DEFAULT)
                .write(sorted(List.of(records)).iterator());
    }

    private PartitionOutcome write(ParsedRecord... records) throws InterruptedException {
        return write(store, records);
    }

    private List<Long> storedAmounts() {
        return store.liveRows().stream().map(ParsedRecord::amount).toList();
    }

    /** As the micro-batch sorts them: by identity bucket, then identity. */
    static List<ParsedRecord> sorted(List<ParsedRecord> records) {
        List<ParsedRecord> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparing((ParsedRecord r) ->
                        r.rejected() ? -1 : RawEventLayout.identityBucketOf(r.merchantId(), r.eventId(), BUCKETS))
                .thenComparing(r -> r.rejected() ? "" : r.merchantId())
                .thenComparing(r -> r.rejected() ? "" : r.eventId()));
        return sorted;
    }

    @Test
    void storesAnIdentityOnceAndTellsARetryFromAConflict() throws Exception {
        ParsedRecord first = event("m-1", "e-1", TEN_PAST, 100, 0, 0);
        ParsedRecord retry = event("m-1", "e-1", TEN_PAST, 100, 0, 1);
        ParsedRecord movedHour = event("m-1", "e-1", TEN_PAST.minusSeconds(3600), 100, 0, 2);

        PartitionOutcome outcome = write(first, retry, movedHour);

        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(outcome.duplicates()).isEqualTo(1);
        assertThat(outcome.conflicts()).isEqualTo(1);
        assertThat(store.liveRows())
                .singleElement()
                .extracting(ParsedRecord::kafkaOffset)
                .isEqualTo(0L);
        assertThat(store.letters).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(DeadLetterFields.KIND_CONFLICT);
            assertThat(letter.field()).isEqualTo("occurred_at");
            assertThat(letter.kafkaOffset()).isEqualTo(2);
        });
        assertThat(outcome.cells()).containsExactly(new StoredCell(RawEventLayout.eventHour(TEN_PAST), "m-1"));
    }

    @Test
    void inOneBatchTheVersionReceivedFirstWinsWhateverItsPartitionAndOffset() throws Exception {
        // The held-out case: a differing re-send acknowledged 0.2 s after the first version, on another partition
        // with a lower offset, in the same micro-batch.
        ParsedRecord acknowledgedFirst = received(event("m-1", "e-1", TEN_PAST, 100, 3, 500), NOW.minusMillis(400));
        ParsedRecord reSentLater =
                received(event("m-1", "e-1", TEN_PAST.plusSeconds(3600), 120, 0, 7), NOW.minusMillis(200));

        PartitionOutcome outcome = write(reSentLater, acknowledgedFirst);

        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(store.liveRows()).singleElement().satisfies(row -> {
            assertThat(row.kafkaPartition()).isEqualTo(3);
            assertThat(row.amount()).isEqualTo(100);
        });
        assertThat(store.letters)
                .singleElement()
                .extracting(DeadLetter::kafkaPartition)
                .isEqualTo(0);
    }

    @Test
    void aVersionReceivedEarlierButReadInALaterBatchTakesTheStoredVersionsPlace() throws Exception {
        // Under a backlog read unevenly across partitions: the later version's partition was read first.
        ParsedRecord later = received(event("m-1", "e-1", TEN_PAST.plusSeconds(3600), 120, 0, 7), NOW.minusMillis(200));
        ParsedRecord earlier = received(event("m-1", "e-1", TEN_PAST, 100, 3, 500), NOW.minusMillis(400));
        write(later);

        PartitionOutcome second = write(earlier);

        assertThat(second.stored()).isEqualTo(1);
        assertThat(second.displaced()).isEqualTo(1);
        assertThat(second.conflicts()).isZero();
        assertThat(store.liveRows()).singleElement().satisfies(row -> {
            assertThat(row.amount()).isEqualTo(100L);
            assertThat(row.eventHour()).isEqualTo(RawEventLayout.eventHour(TEN_PAST));
        });
        assertThat(store.letters).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(DeadLetterFields.KIND_CONFLICT);
            assertThat(letter.kafkaPartition()).isZero();
            assertThat(letter.kafkaOffset()).isEqualTo(7);
            assertThat(letter.receivedAt()).isEqualTo(later.receivedAt());
            assertThat(letter.field()).isEqualTo("occurred_at");
        });
        StoredCell laterCell = new StoredCell(later.eventHour(), "m-1");
        assertThat(second.rebuildCells()).containsExactly(laterCell);
        assertThat(second.cells()).containsExactlyInAnyOrder(laterCell, new StoredCell(earlier.eventHour(), "m-1"));
        // A third version received after both is judged against the one now kept.
        PartitionOutcome third =
                write(received(event("m-1", "e-1", TEN_PAST.plusSeconds(60), 130, 1, 9), NOW.minusMillis(100)));
        assertThat(third.conflicts()).isEqualTo(1);
        assertThat(third.displaced()).isZero();
        assertThat(storedAmounts()).containsExactly(100L);
    }

    @Test
    void inItsOwnHourTheEarlierVersionOverwritesTheStoredRowAndTheCellIsRebuilt() throws Exception {
        ParsedRecord later = received(event("m-1", "e-1", TEN_PAST.plusSeconds(60), 120, 0, 7), NOW.minusMillis(200));
        ParsedRecord earlier = received(event("m-1", "e-1", TEN_PAST, 100, 3, 500), NOW.minusMillis(400));
        write(later);

        PartitionOutcome second = write(earlier);

        assertThat(storedAmounts()).containsExactly(100L);
        assertThat(second.rebuildCells()).containsExactly(new StoredCell(earlier.eventHour(), "m-1"));
        assertThat(store.letters)
                .singleElement()
                .satisfies(letter -> assertThat(letter.field()).isEqualTo("occurred_at"));
    }

    @Test
    void anExactCopyReceivedEarlierButReadLaterIsADuplicateAndDisplacesNothing() throws Exception {
        ParsedRecord later = received(event("m-1", "e-1", TEN_PAST, 100, 0, 7), NOW.minusMillis(200));
        ParsedRecord earlier = received(event("m-1", "e-1", TEN_PAST, 100, 3, 500), NOW.minusMillis(400));
        write(later);

        PartitionOutcome second = write(earlier);

        assertThat(second.duplicates()).isEqualTo(1);
        assertThat(second.displaced()).isZero();
        assertThat(second.rebuildCells()).isEmpty();
        assertThat(store.letters).isEmpty();
        assertThat(store.liveRows())
                .singleElement()
                .extracting(ParsedRecord::kafkaOffset)
                .isEqualTo(7L);
    }

    @Test
    void aBatchThatDisplacesVersionsReplaysToTheSameRowsLettersAndCellsAfterACrashAnywhere() throws Exception {
        List<ParsedRecord> stored = new ArrayList<>();
        List<ParsedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            // Stored first, received later; half of them in another hour than the version received before them.
            Instant laterOccurrence = TEN_PAST.plusSeconds(i % 2 == 0 ? 3600 : 30);
            stored.add(received(event("m-" + i % 3, "d-" + i, laterOccurrence, 200 + i, 0, i), NOW.minusMillis(100)));
            batch.add(received(event("m-" + i % 3, "d-" + i, TEN_PAST, 100 + i, 1, 100 + i), NOW.minusMillis(900)));
        }
        batch.addAll(batchWithEveryVerdict());
        PartitionOutcome cleanOutcome = replaysTheSameAfterACrashAfterEachOfItsFirstWrites(stored, batch, 20);
        assertThat(cleanOutcome.displaced()).isEqualTo(6);
        assertThat(cleanOutcome.rebuildCells()).hasSize(6);
    }

    @Test
    void acrossBatchesAReSendInAnotherHourIsFoundThroughTheRecentIdentities() throws Exception {
        write(event("m-1", "e-1", TEN_PAST, 100, 0, 0));
        store.now = NOW.plus(Duration.ofDays(6));

        PartitionOutcome resend =
                write(processedAt(event("m-1", "e-1", TEN_PAST.minusSeconds(7200), 100, 1, 9), store.now));

        assertThat(resend.conflicts()).isEqualTo(1);
        assertThat(store.liveRows()).hasSize(1);
    }

    @Test
    void anExactReSendIsADuplicateAtAnyLatenessInsideTheHorizon() throws Exception {
        ParsedRecord first = event("m-1", "e-1", TEN_PAST, 100, 0, 0);
        write(first);
        for (int days : new int[] {30, 89}) {
            store.now = NOW.plus(Duration.ofDays(days));
            assertThat(store.recentIdentities(0, List.of(first.key()))
                            .toCompletableFuture()
                            .join())
                    .as("the recent identity has expired after %d days", days)
                    .isEmpty();

            PartitionOutcome resend = write(processedAt(event("m-1", "e-1", TEN_PAST, 100, 1, days), store.now));

            assertThat(resend.duplicates())
                    .as("an exact re-send %d days later", days)
                    .isEqualTo(1);
            assertThat(resend.stored()).isZero();
        }
        assertThat(store.liveRows())
                .singleElement()
                .extracting(ParsedRecord::kafkaOffset)
                .isEqualTo(0L);
    }

    @Test
    void aDifferingReSendInTheSameHourIsAConflictAtAnyLateness() throws Exception {
        write(event("m-1", "e-1", TEN_PAST, 100, 0, 0));
        store.now = NOW.plus(Duration.ofDays(30));

        PartitionOutcome resend =
                write(processedAt(event("m-1", "e-1", TEN_PAST.plusSeconds(60), 999, 1, 3), store.now));

        assertThat(resend.conflicts()).isEqualTo(1);
        assertThat(storedAmounts()).containsExactly(100L);
    }

    @Test
    void aReSendInAnotherHourAfterTheWindowIsStoredAgainAsTheDecisionRecordSays() throws Exception {
        write(event("m-1", "e-1", TEN_PAST, 100, 0, 0));
        store.now = NOW.plus(WINDOW).plusSeconds(1);

        PartitionOutcome resend =
                write(processedAt(event("m-1", "e-1", TEN_PAST.minusSeconds(7200), 100, 1, 3), store.now));

        assertThat(resend.stored()).isEqualTo(1);
        assertThat(store.liveRows()).hasSize(2);
    }

    @Test
    void aReplayReachesTheSameVerdictsWritesTheSameRowsAndTheSameLetters() throws Exception {
        replaysTheSameAfterACrashAfterEachOfItsFirstWrites(List.of(), batchWithEveryVerdict(), 12);
    }

    /**
     * Writes {@code before}, then {@code batch} crashing after each of its first {@code writes} statements and
     * replaying it whole: every replay must give the clean run's outcome, rows and letters. Returns the clean outcome.
     */
    private static PartitionOutcome replaysTheSameAfterACrashAfterEachOfItsFirstWrites(
            List<ParsedRecord> before, List<ParsedRecord> batch, int writes) throws InterruptedException {
        InMemoryRawStore clean = new InMemoryRawStore(NOW, WINDOW);
        if (!before.isEmpty()) {
            write(clean, before.toArray(ParsedRecord[]::new));
        }
        PartitionOutcome cleanOutcome = write(clean, batch.toArray(ParsedRecord[]::new));
        for (int writesBeforeCrash = 0; writesBeforeCrash < writes; writesBeforeCrash++) {
            InMemoryRawStore crashed = new InMemoryRawStore(NOW, WINDOW);
            if (!before.isEmpty()) {
                write(crashed, before.toArray(ParsedRecord[]::new));
            }
            crashed.statements = 0;
            crashed.writesBeforeFailure = writesBeforeCrash;
            int cut = writesBeforeCrash;
            assertThatThrownBy(() -> write(crashed, batch.toArray(ParsedRecord[]::new)))
                    .as("a crash after %d writes", cut)
                    .hasMessageContaining("replayed");
            crashed.writesBeforeFailure = Integer.MAX_VALUE;

            PartitionOutcome replay = write(crashed, batch.toArray(ParsedRecord[]::new));

            assertThat(replay)
                    .as("verdicts and cells of the replay after %d writes", cut)
                    .isEqualTo(cleanOutcome);
            assertThat(crashed.liveRows())
                    .as("rows after %d writes", cut)
                    .containsExactlyInAnyOrderElementsOf(clean.liveRows());
            assertThat(crashed.letters)
                    .extracting(DeadLetter::id)
                    .as("letters after %d writes", cut)
                    .containsExactlyInAnyOrderElementsOf(
                            clean.letters.stream().map(DeadLetter::id).toList());
        }
        return cleanOutcome;
    }

    @Test
    void aCompletedBatchReplayedWholeStoresNothingTwice() throws Exception {
        List<ParsedRecord> batch = batchWithEveryVerdict();
        PartitionOutcome first = write(batch.toArray(ParsedRecord[]::new));
        List<ParsedRecord> rows = store.liveRows();

        PartitionOutcome replay = write(batch.toArray(ParsedRecord[]::new));

        assertThat(replay).isEqualTo(first);
        assertThat(store.liveRows()).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(store.letters).hasSize(2);
    }

    private static List<ParsedRecord> batchWithEveryVerdict() {
        List<ParsedRecord> batch = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batch.add(event("m-" + (i % 3), "e-" + i, TEN_PAST.plusSeconds(i), 100 + i, i % 2, i));
        }
        batch.add(event("m-1", "e-1", TEN_PAST.plusSeconds(1), 101, 1, 41)); // an exact retry of e-1
        batch.add(event("m-2", "e-2", TEN_PAST.plusSeconds(4000), 102, 0, 42)); // a conflict in another hour
        batch.add(rejected(43));
        return batch;
    }

    @Test
    void unsortedRecordsAreRefusedRatherThanJudgedApart() {
        ParsedRecord a = event("m-1", "e-1", TEN_PAST, 100, 0, 0);
        ParsedRecord b = event("m-1", "e-2", TEN_PAST, 100, 0, 1);
        List<ParsedRecord> interleaved = new ArrayList<>();
        for (int i = 0; i < PartitionWriter.CHUNK_RECORDS + 1; i++) {
            interleaved.add(event("m-9", "f-" + i, TEN_PAST, 1, 0, 10 + i));
        }
        interleaved.add(0, a);
        interleaved.add(b);
        interleaved.add(event("m-1", "e-1", TEN_PAST, 100, 1, 99));
        // Same bucket for every record: the identity e-1 comes back after its chunk was judged.
        assertThatThrownBy(() ->
                        new PartitionWriter(store, 4, 1, WINDOW, ShardLayout.DEFAULT).write(interleaved.iterator()))
                .hasMessageContaining("not grouped by identity");
    }

    @Test
    void aFailedWriteFailsThePartitionSoThatTheBatchIsReplayed() {
        store.writesBeforeFailure = 0;

        assertThatThrownBy(() -> write(event("m-1", "e-1", TEN_PAST, 100, 0, 0)))
                .hasMessageContaining("replayed")
                .hasRootCauseMessage("Cassandra is down");
    }

    @Test
    void aRejectedRecordBecomesADeadLetterWithItsReasonAndPayload() throws Exception {
        PartitionOutcome outcome = write(rejected(7));

        assertThat(outcome.rejected()).isEqualTo(1);
        DeadLetter letter = store.letters.get(0);
        assertThat(letter.code()).isEqualTo("missing_event_id");
        assertThat(letter.field()).isEqualTo("event_id");
        String json = new String(letter.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json)
                .contains(
                        "\"source\":\"stream-processor\"",
                        "\"kind\":\"rejected\"",
                        "\"payload\":{\"merchant_id\":\"m-1\"}",
                        "\"dead_letter_id\":\"" + letter.id() + "\"");
    }

    @Test
    void aReDrivenRecordRejectedAgainRewritesTheSameLetterAndAStoredOneResolvesIt() throws Exception {
        Redrive redrive = new Redrive(UUID.randomUUID(), Instant.parse("2026-11-20T08:00:00Z"));
        write(withRedrive(rejected(40), redrive));

        assertThat(store.letters).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(redrive.deadLetterId());
            assertThat(letter.recordedAt()).isEqualTo(redrive.recordedAt());
        });
        assertThat(store.resolutions).isEmpty();

        Redrive fixed = new Redrive(UUID.randomUUID(), Instant.parse("2026-11-21T08:00:00Z"));
        Redrive again = new Redrive(UUID.randomUUID(), Instant.parse("2026-11-22T08:00:00Z"));
        PartitionOutcome outcome = write(
                withRedrive(event("m-1", "e-9", TEN_PAST, 100, 0, 41), fixed),
                withRedrive(event("m-1", "e-9", TEN_PAST, 100, 0, 42), again));

        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(outcome.duplicates())
                .as("a re-drive of a stored event is a duplicate, not a second count")
                .isEqualTo(1);
        assertThat(store.resolutions)
                .containsEntry(fixed.deadLetterId(), DeadLetterFields.RESOLUTION_STORED)
                .containsEntry(again.deadLetterId(), DeadLetterFields.RESOLUTION_DUPLICATE);
    }

    private static ParsedRecord withRedrive(ParsedRecord r, Redrive redrive) {
        return new ParsedRecord(
                r.eventHour(),
                r.shard(),
                r.merchantId(),
                r.eventId(),
                r.eventType(),
                r.occurredAt(),
                r.customerId(),
                r.anonymousId(),
                r.amount(),
                r.currency(),
                r.dimensions(),
                r.payload(),
                r.receivedAt(),
                r.ingestedAt(),
                r.logicVersion(),
                r.properties(),
                r.fingerprint(),
                r.rejection(),
                r.kafkaPartition(),
                r.kafkaOffset(),
                r.kafkaTimestamp(),
                redrive);
    }

    private static ParsedRecord received(ParsedRecord r, Instant receivedAt) {
        return new ParsedRecord(
                r.eventHour(),
                r.shard(),
                r.merchantId(),
                r.eventId(),
                r.eventType(),
                r.occurredAt(),
                r.customerId(),
                r.anonymousId(),
                r.amount(),
                r.currency(),
                r.dimensions(),
                r.payload(),
                receivedAt,
                r.ingestedAt(),
                r.logicVersion(),
                r.properties(),
                r.fingerprint(),
                r.rejection(),
                r.kafkaPartition(),
                r.kafkaOffset(),
                r.kafkaTimestamp(),
                r.redrive());
    }

    /** The record as a micro-batch at {@code batchTime} sees it: received then, processed then. */
    private static ParsedRecord processedAt(ParsedRecord r, Instant batchTime) {
        return new ParsedRecord(
                r.eventHour(),
                r.shard(),
                r.merchantId(),
                r.eventId(),
                r.eventType(),
                r.occurredAt(),
                r.customerId(),
                r.anonymousId(),
                r.amount(),
                r.currency(),
                r.dimensions(),
                r.payload(),
                batchTime,
                batchTime,
                r.logicVersion(),
                r.properties(),
                r.fingerprint(),
                r.rejection(),
                r.kafkaPartition(),
                r.kafkaOffset(),
                batchTime,
                r.redrive());
    }

    /** A valid event received in offset order on its partition, processed at {@link #NOW}. */
    static ParsedRecord event(
            String merchant, String eventId, Instant occurredAt, long amount, int partition, long offset) {
        Instant receivedAt = NOW.minusSeconds(60).plusMillis(offset);
        return ParsedRecord.fingerprinted(
                RawEventLayout.eventHour(occurredAt),
                RawEventLayout.shardOf(eventId),
                merchant,
                eventId,
                "order.completed",
                occurredAt,
                "c-1",
                null,
                amount,
                "INR",
                Map.of("channel", "web"),
                "{\"event_id\":\"" + eventId + "\"}",
                receivedAt,
                NOW,
                RawEventParsing.LOGIC_VERSION,
                null,
                null,
                partition,
                offset,
                receivedAt,
                null);
    }

    static ParsedRecord rejected(long offset) {
        return new ParsedRecord(
                null,
                null,
                "m-1",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                "{\"merchant_id\":\"m-1\"}",
                null,
                NOW,
                RawEventParsing.LOGIC_VERSION,
                null,
                null,
                DeadLetterCode.MISSING_EVENT_ID,
                0,
                offset,
                NOW,
                null);
    }
}
