package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The publisher says "stored" of exactly the records Kafka acknowledged, whatever order and outcome the acknowledgements
 * come in, and "not stored" of every other one (202 means stored: docs/event-contract.md).
 */
class EventPublisherTest {
    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());

    @Test
    void storedAreExactlyTheRecordsKafkaAcknowledgedAndAFailedOneIsReportedByItsIndex() {
        EventPublisher publisher = new EventPublisher(kafka, Duration.ofSeconds(30));
        List<ValidatedEvent> events = events(4);
        CompletableFuture<EventPublisher.Outcome> outcome =
                CompletableFuture.supplyAsync(() -> publisher.publish(events));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 4);
        assertThat(outcome).isNotDone(); // it waits for every record's word
        kafka.completeNext();
        kafka.errorNext(new NotEnoughReplicasException("fewer in-sync replicas than min.insync.replicas"));
        kafka.completeNext();
        assertThat(outcome).isNotDone();
        kafka.completeNext();

        EventPublisher.Outcome result = outcome.join();
        assertThat(result.stored()).extracting(ValidatedEvent::eventId).containsExactly("e0", "e2", "e3");
        assertThat(result.failed()).extracting(ValidatedEvent::eventId).containsExactly("e1");
    }

    @Test
    void aRecordKafkaDidNotAnswerForByTheDeadlineIsNotStored() {
        EventPublisher publisher = new EventPublisher(kafka, Duration.ofMillis(300));
        List<ValidatedEvent> events = events(3);
        CompletableFuture<EventPublisher.Outcome> outcome =
                CompletableFuture.supplyAsync(() -> publisher.publish(events));
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 3);
        kafka.completeNext();
        kafka.completeNext();

        EventPublisher.Outcome result = outcome.join();
        assertThat(result.stored()).extracting(ValidatedEvent::eventId).containsExactly("e0", "e1");
        assertThat(result.failed()).extracting(ValidatedEvent::eventId).containsExactly("e2");
    }

    @Test
    void aSendThatThrowsIsNotStoredAndNothingWaitsForIt() {
        kafka.sendException = new IllegalStateException("the producer is closed");
        EventPublisher publisher = new EventPublisher(kafka, Duration.ofSeconds(30));

        EventPublisher.Outcome result = publisher.publish(events(2));

        assertThat(result.stored()).isEmpty();
        assertThat(result.failed()).extracting(ValidatedEvent::eventId).containsExactly("e0", "e1");
        assertThat(result.ackNanos())
                .as("no wait for callbacks that cannot come")
                .isLessThan(5_000_000_000L);
    }

    @Test
    void anEmptyRequestWaitsForNothing() {
        EventPublisher.Outcome result = new EventPublisher(kafka, Duration.ofSeconds(30)).publish(List.of());
        assertThat(result.stored()).isEmpty();
        assertThat(result.failed()).isEmpty();
    }

    private static List<ValidatedEvent> events(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ValidatedEvent(
                        i, "e" + i, "m1", ("{\"event_id\":\"e" + i + "\"}").getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
