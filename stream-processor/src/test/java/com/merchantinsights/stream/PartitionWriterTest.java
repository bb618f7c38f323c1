package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.event.Rejection;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class PartitionWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant TEN_PAST = Instant.parse("2026-11-25T09:10:00Z");

    /** The raw store's contract in memory: insert-if-absent identities, upserted rows, appended letters. */
    static class InMemoryRawStore implements RawStore {
        final Map<String, StoredIdentity> identities = new HashMap<>();
        final Map<String, ParsedRecord> rows = new HashMap<>();
        final List<DeadLetter> letters = new ArrayList<>();
        final Map<java.util.UUID, String> resolutions = new HashMap<>();
        boolean failStores;

        @Override
        public synchronized CompletionStage<StoredIdentity> claim(ParsedRecord r, String fingerprint) {
            String key = r.merchantId() + "/" + r.eventId();
            StoredIdentity first = identities.get(key);
            if (first == null) {
                identities.put(key, new StoredIdentity(false, r.eventHour(), r.occurredAt(), fingerprint));
                return CompletableFuture.completedFuture(new StoredIdentity(true, r.eventHour(), r.occurredAt(), fingerprint));
            }
            return CompletableFuture.completedFuture(first);
        }

        @Override
        public synchronized CompletionStage<Void> store(ParsedRecord r) {
            if (failStores) {
                return CompletableFuture.failedFuture(new IllegalStateException("Cassandra is down"));
            }
            rows.put(r.eventHour() + "/" + r.shard() + "/" + r.merchantId() + "/" + r.eventId(), r);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public synchronized CompletionStage<Void> deadLetter(DeadLetter letter) {
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

    private final InMemoryRawStore store = new InMemoryRawStore();
    private final PartitionWriter writer = new PartitionWriter(store, 4);

    @Test
    void storesAnIdentityOnceAndTellsARetryFromAConflict() throws Exception {
        ParsedRecord first = event("m-1", "e-1", TEN_PAST, 100, 0);
        ParsedRecord retry = event("m-1", "e-1", TEN_PAST, 100, 1);
        ParsedRecord movedHour = event("m-1", "e-1", TEN_PAST.minusSeconds(3600), 100, 2);

        PartitionOutcome outcome = writer.write(List.of(first, retry, movedHour).iterator());

        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(outcome.duplicates()).isEqualTo(1);
        assertThat(outcome.conflicts()).isEqualTo(1);
        assertThat(store.rows).hasSize(1);
        assertThat(store.rows.values()).allMatch(r -> r.eventHour().equals(RawEventLayout.eventHour(TEN_PAST)));
        assertThat(store.letters).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(DeadLetterFields.KIND_CONFLICT);
            assertThat(letter.field()).isEqualTo("occurred_at");
            assertThat(letter.kafkaOffset()).isEqualTo(2);
        });
        assertThat(outcome.dirty()).containsExactly(new DirtyPair(RawEventLayout.eventHour(TEN_PAST), "m-1"));
    }

    @Test
    void theFirstVersionInOffsetOrderWinsEvenWhenTheStoreAnswersOutOfOrder() throws Exception {
        InMemoryRawStore delayed = new InMemoryRawStore() {
            final List<Runnable> pending = new ArrayList<>();
            boolean released;

            @Override
            public synchronized CompletionStage<StoredIdentity> claim(ParsedRecord r, String fingerprint) {
                if (released) {
                    return super.claim(r, fingerprint);
                }
                // Claims wait until the last record arrives, then are applied newest first.
                CompletableFuture<StoredIdentity> answer = new CompletableFuture<>();
                pending.add(0, () -> super.claim(r, fingerprint).thenAccept(answer::complete));
                if (r.kafkaOffset() == 3) {
                    released = true;
                    pending.forEach(Runnable::run);
                }
                return answer;
            }
        };
        ParsedRecord first = event("m-1", "e-1", TEN_PAST, 100, 0);
        ParsedRecord other = event("m-1", "e-2", TEN_PAST, 100, 1);
        ParsedRecord later = event("m-1", "e-1", TEN_PAST.plusSeconds(3600), 100, 2);
        ParsedRecord third = event("m-1", "e-3", TEN_PAST, 100, 3);

        PartitionOutcome outcome = new PartitionWriter(delayed, 8).write(List.of(first, other, later, third).iterator());

        assertThat(outcome.stored()).isEqualTo(3);
        assertThat(outcome.conflicts()).isEqualTo(1);
        assertThat(delayed.letters).singleElement().extracting(DeadLetter::kafkaOffset).isEqualTo(2L);
    }

    @Test
    void aReplayedPartitionStoresNothingTwiceAndWritesTheSameDeadLetters() throws Exception {
        List<ParsedRecord> batch = List.of(event("m-1", "e-1", TEN_PAST, 100, 0),
                event("m-1", "e-1", TEN_PAST, 999, 1), rejected(2));
        writer.write(batch.iterator());

        PartitionOutcome replay = writer.write(batch.iterator());

        assertThat(replay.stored()).isZero();
        assertThat(replay.duplicates()).isEqualTo(1);
        assertThat(store.rows).hasSize(1);
        assertThat(store.letters).hasSize(2).extracting(DeadLetter::kind)
                .containsExactlyInAnyOrder(DeadLetterFields.KIND_CONFLICT, DeadLetterFields.KIND_REJECTED);
    }

    @Test
    void aFailedWriteFailsThePartitionSoThatTheBatchIsReplayed() {
        store.failStores = true;

        assertThatThrownBy(() -> writer.write(List.of(event("m-1", "e-1", TEN_PAST, 100, 0)).iterator()))
                .hasMessageContaining("replayed")
                .hasRootCauseMessage("Cassandra is down");
    }

    @Test
    void aRejectedRecordBecomesADeadLetterWithItsReasonAndPayload() throws Exception {
        PartitionOutcome outcome = writer.write(List.of(rejected(7)).iterator());

        assertThat(outcome.rejected()).isEqualTo(1);
        DeadLetter letter = store.letters.get(0);
        assertThat(letter.code()).isEqualTo("missing_event_id");
        assertThat(letter.field()).isEqualTo("event_id");
        String json = new String(letter.toJson(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(json).contains("\"source\":\"stream-processor\"", "\"kind\":\"rejected\"",
                "\"payload\":{\"merchant_id\":\"m-1\"}", "\"dead_letter_id\":\"" + letter.id() + "\"");
    }

    @Test
    void aReDrivenRecordRejectedAgainRewritesTheSameLetterAndAStoredOneResolvesIt() throws Exception {
        Redrive redrive = new Redrive(java.util.UUID.randomUUID(), Instant.parse("2026-11-20T08:00:00Z"));
        ParsedRecord stillBroken = withRedrive(rejected(40), redrive);

        writer.write(List.of(stillBroken).iterator());

        assertThat(store.letters).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo(redrive.deadLetterId());
            assertThat(letter.recordedAt()).isEqualTo(redrive.recordedAt());
        });
        assertThat(store.resolutions).isEmpty();

        Redrive fixed = new Redrive(java.util.UUID.randomUUID(), Instant.parse("2026-11-21T08:00:00Z"));
        Redrive again = new Redrive(java.util.UUID.randomUUID(), Instant.parse("2026-11-22T08:00:00Z"));
        PartitionOutcome outcome = writer.write(List.of(withRedrive(event("m-1", "e-9", TEN_PAST, 100, 41), fixed),
                withRedrive(event("m-1", "e-9", TEN_PAST, 100, 42), again)).iterator());

        assertThat(outcome.stored()).isEqualTo(1);
        assertThat(outcome.duplicates()).as("a re-drive of a stored event is a duplicate, not a second count").isEqualTo(1);
        assertThat(store.resolutions).containsEntry(fixed.deadLetterId(), DeadLetterFields.RESOLUTION_STORED)
                .containsEntry(again.deadLetterId(), DeadLetterFields.RESOLUTION_DUPLICATE);
    }

    private static ParsedRecord withRedrive(ParsedRecord r, Redrive redrive) {
        return new ParsedRecord(r.eventHour(), r.shard(), r.merchantId(), r.eventId(), r.eventType(), r.occurredAt(),
                r.customerId(), r.anonymousId(), r.amount(), r.currency(), r.dimensions(), r.payload(), r.receivedAt(),
                r.ingestedAt(), r.logicVersion(), r.properties(), r.rejection(), r.kafkaPartition(), r.kafkaOffset(),
                r.kafkaTimestamp(), redrive);
    }

    static ParsedRecord event(String merchant, String eventId, Instant occurredAt, long amount, long offset) {
        return new ParsedRecord(RawEventLayout.eventHour(occurredAt), RawEventLayout.shardOf(eventId), merchant, eventId,
                "order.completed", occurredAt, "c-1", null, amount, "INR", Map.of("channel", "web"),
                "{\"event_id\":\"" + eventId + "\"}", occurredAt, NOW, RawEventParsing.LOGIC_VERSION, null, null, 0,
                offset, NOW);
    }

    static ParsedRecord rejected(long offset) {
        return new ParsedRecord(null, null, "m-1", null, null, null, null, null, null, null, null,
                "{\"merchant_id\":\"m-1\"}", null, NOW, RawEventParsing.LOGIC_VERSION, null, Rejection.MISSING_EVENT_ID,
                0, offset, NOW);
    }
}
