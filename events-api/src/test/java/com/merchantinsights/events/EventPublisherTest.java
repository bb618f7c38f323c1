package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
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
    void storedAreExactlyTheRecordsKafkaAcknowledgedAndAFailedOneIsReportedByItsIndex() throws Exception {
        EventPublisher publisher = new EventPublisher(kafka, Duration.ofSeconds(30));
        List<ValidatedEvent> events = events(4);
        CompletableFuture<EventPublisher.Outcome> outcome =
                CompletableFuture.supplyAsync(() -> publisher.publish(events));
        await().pollDelay(Duration.ZERO)
                .atMost(Duration.ofSeconds(10))
                .until(() -> kafka.history().size() == 4);
        assertThat(outcome).isNotDone(); // it waits for every record's word
        kafka.completeNext();
        kafka.errorNext(new NotEnoughReplicasException("fewer in-sync replicas than min.insync.replicas"));
        kafka.completeNext();
        assertThat(outcome).isNotDone();
        kafka.completeNext();

        EventPublisher.Outcome result = outcome.get(10, TimeUnit.SECONDS);
        assertThat(result.stored()).extracting(ValidatedEvent::eventId).containsExactly("e0", "e2", "e3");
        assertThat(result.failed()).extracting(ValidatedEvent::eventId).containsExactly("e1");
    }

    @Test
    void aRecordKafkaDidNotAnswerForByTheDeadlineIsNotStored() {
        // Kafka acknowledges the first two records as they are sent, and never the third.
        MockProducer<String, byte[]> answersTwo = reacting((kafka, record) -> {
            if (kafka.history().size() <= 2) {
                kafka.completeNext();
            }
        });
        EventPublisher publisher = new EventPublisher(answersTwo, Duration.ofMillis(300));

        EventPublisher.Outcome result = publisher.publish(events(3));

        assertThat(result.stored()).extracting(ValidatedEvent::eventId).containsExactly("e0", "e1");
        assertThat(result.failed()).extracting(ValidatedEvent::eventId).containsExactly("e2");
    }

    @Test
    void aRecordKafkaBothFailedAndThrewForCountsOnceAndTheRequestStillWaitsForTheOthers() throws Exception {
        // KafkaProducer.send may throw after it appended the record, whose callback then reports it too.
        MockProducer<String, byte[]> failsTwice = reacting((kafka, record) -> {
            if (record.key().equals("e0")) {
                kafka.errorNext(new KafkaException("the partition's leader went away"));
                throw new KafkaException("thrown after the append");
            }
        });
        EventPublisher publisher = new EventPublisher(failsTwice, Duration.ofSeconds(30));
        List<ValidatedEvent> events = events(2);
        CompletableFuture<EventPublisher.Outcome> outcome =
                CompletableFuture.supplyAsync(() -> publisher.publish(events));
        await().pollDelay(Duration.ZERO)
                .atMost(Duration.ofSeconds(10))
                .until(() -> failsTwice.history().size() == 2);
        assertThat(outcome).as("e1 is not answered yet").isNotDone();
        failsTwice.completeNext();

        EventPublisher.Outcome result = outcome.get(10, TimeUnit.SECONDS);
        assertThat(result.stored()).extracting(ValidatedEvent::eventId).containsExactly("e1");
        assertThat(result.failed()).extracting(ValidatedEvent::eventId).containsExactly("e0");
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
        assertThat(result.ackNanos()).as("not the 30 s deadline").isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    /** A producer that does {@code afterSend} right after each record is sent (and may throw from send). */
    private static MockProducer<String, byte[]> reacting(
            BiConsumer<MockProducer<String, byte[]>, ProducerRecord<String, byte[]>> afterSend) {
        return new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
                Future<RecordMetadata> sent = super.send(record, callback);
                afterSend.accept(this, record);
                return sent;
            }
        };
    }

    private static List<ValidatedEvent> events(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ValidatedEvent(
                        i, "e" + i, "m1", ("{\"event_id\":\"e" + i + "\"}").getBytes(StandardCharsets.UTF_8)))
                .toList();
    }
}
