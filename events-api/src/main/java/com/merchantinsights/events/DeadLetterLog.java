package com.merchantinsights.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.kafka.KafkaClientLogin;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Lists dead letters for the platform's operators by reading the dead-letter topic, which keeps them for the
 * raw store's retention. Dead letters are few, so a bounded scan from a point in time is cheap enough for an
 * admin endpoint, and the events API needs no store besides Kafka.
 */
final class DeadLetterLog {
    private final String bootstrapServers;

    DeadLetterLog(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The newest {@code limit} dead letters recorded at or after {@code since}, oldest first. */
    List<JsonNode> list(Instant since, int limit) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(KafkaClientLogin.fromEnvironment().applyTo(props))) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.DEAD_LETTERS, Duration.ofSeconds(5)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
            Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(
                    partitions.stream().collect(Collectors.toMap(p -> p, p -> since.toEpochMilli())),
                    Duration.ofSeconds(5));
            for (TopicPartition p : partitions) {
                OffsetAndTimestamp from = start.get(p);
                consumer.seek(p, from == null ? end.get(p) : from.offset());
            }
            Deque<JsonNode> newest = new ArrayDeque<>(limit);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (newest.size() == limit) {
                        newest.removeFirst();
                    }
                    newest.addLast(parse(record.value()));
                }
            }
            return List.copyOf(newest);
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            return Json.mapper().getNodeFactory().textNode(new String(value, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
