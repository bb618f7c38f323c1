package com.merchantinsights.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.layout.DeadLetterFields;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.ShardLayout;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The stream's share of an erasure (issue 23): where persons are, and what it does with an erased person's events. */
class PartitionWriterErasureTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant TEN_PAST = Instant.parse("2026-11-25T09:10:00Z");

    private final InMemoryRawStore store = new InMemoryRawStore(NOW, RawEventLayout.DEFAULT_IDENTITY_WINDOW);

    private PartitionOutcome write(ParsedRecord... records) throws InterruptedException {
        return new PartitionWriter(store, 4, 4, RawEventLayout.DEFAULT_IDENTITY_WINDOW, ShardLayout.DEFAULT)
                .write(PartitionWriterTest.sorted(List.of(records)).iterator());
    }

    @Test
    void everyStoredEventIsFoundUnderEachOfItsPersonsAndOnlyThere() throws Exception {
        ParsedRecord withCustomer = PartitionWriterTest.event("m-1", "e-1", TEN_PAST, 100, 0, 0);
        ParsedRecord withBoth = withAnonymous(PartitionWriterTest.event("m-1", "e-2", TEN_PAST, 100, 0, 1), "anon-9");
        ParsedRecord withNone = withoutPersons(PartitionWriterTest.event("m-1", "e-3", TEN_PAST, 100, 0, 2));

        write(withCustomer, withBoth, withNone);

        Instant hour = RawEventLayout.eventHour(TEN_PAST);
        int shards = ShardLayout.DEFAULT.shardsOf(hour);
        assertThat(store.persons)
                .containsExactlyInAnyOrder(
                        new PersonRow(
                                hour, RawEventLayout.personShardOf("m-1", "c:c-1", shards), "m-1", "c:c-1", "e-1"),
                        new PersonRow(
                                hour, RawEventLayout.personShardOf("m-1", "c:c-1", shards), "m-1", "c:c-1", "e-2"),
                        new PersonRow(
                                hour,
                                RawEventLayout.personShardOf("m-1", "a:anon-9", shards),
                                "m-1",
                                "a:anon-9",
                                "e-2"));
    }

    @Test
    void aReSendOfAnErasedEventIsAnErasedLetterWithoutPayloadAndIsNotStored() throws Exception {
        store.erased.add(new EventKey("m-1", "e-1"));
        store.registry = new ErasureRegistry(Set.of("m-1"), Map.of());
        ParsedRecord reSent = PartitionWriterTest.event("m-1", "e-1", TEN_PAST, 100, 0, 0);
        ParsedRecord sameIdOtherMerchant = PartitionWriterTest.event("m-2", "e-1", TEN_PAST, 100, 0, 1);
        ParsedRecord otherEventOfTheMerchant = PartitionWriterTest.event("m-1", "e-2", TEN_PAST, 100, 0, 2);

        PartitionOutcome outcome = write(reSent, sameIdOtherMerchant, otherEventOfTheMerchant);

        assertThat(store.liveRows())
                .extracting(ParsedRecord::key)
                .containsExactlyInAnyOrder(new EventKey("m-2", "e-1"), new EventKey("m-1", "e-2"));
        assertThat(store.persons)
                .noneMatch(p -> p.merchantId().equals("m-1") && p.eventId().equals("e-1"));
        assertThat(store.letters).singleElement().satisfies(letter -> {
            assertThat(letter.kind()).isEqualTo(DeadLetterFields.KIND_ERASED);
            assertThat(letter.code()).isEqualTo(DeadLetterCode.ERASED_IDENTITY.code());
            assertThat(letter.eventId()).isEqualTo("e-1");
            assertThat(letter.payload())
                    .isEqualTo("{\"event_id\":\"e-1\",\"merchant_id\":\"m-1\",\"occurred_at\":\"" + TEN_PAST + "\"}");
            assertThat(new String(letter.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain("\"c-1\"")
                    .doesNotContain("amount");
        });
        assertThat(outcome.stored()).isEqualTo(2);
        assertThat(outcome.rejected()).isEqualTo(1);
    }

    @Test
    void aSuppressedPersonsNewEventsAreErasedLettersWhileOtherPersonsAreStored() throws Exception {
        store.registry = new ErasureRegistry(Set.of(), Map.of("m-1", Set.of("a:anon-9")));
        ParsedRecord suppressed = withAnonymous(PartitionWriterTest.event("m-1", "e-7", TEN_PAST, 100, 0, 0), "anon-9");
        ParsedRecord samePersonIdElsewhere =
                withAnonymous(PartitionWriterTest.event("m-2", "e-8", TEN_PAST, 100, 0, 1), "anon-9");
        ParsedRecord someoneElse = PartitionWriterTest.event("m-1", "e-9", TEN_PAST, 100, 0, 2);

        write(suppressed, samePersonIdElsewhere, someoneElse);

        assertThat(store.liveRows()).extracting(ParsedRecord::eventId).containsExactlyInAnyOrder("e-8", "e-9");
        assertThat(store.letters)
                .singleElement()
                .satisfies(letter -> assertThat(letter.kind()).isEqualTo(DeadLetterFields.KIND_ERASED));
    }

    private static ParsedRecord withAnonymous(ParsedRecord r, String anonymousId) {
        return copy(r, r.customerId(), anonymousId);
    }

    private static ParsedRecord withoutPersons(ParsedRecord r) {
        return copy(r, null, null);
    }

    private static ParsedRecord copy(ParsedRecord r, String customerId, String anonymousId) {
        return new ParsedRecord(
                r.eventHour(),
                r.shard(),
                r.merchantId(),
                r.eventId(),
                r.eventType(),
                r.occurredAt(),
                customerId,
                anonymousId,
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
                r.redrive());
    }
}
