package com.merchantinsights.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic of the shared stack from the beginning up to its current end: what Kafka really stored. */
final class EventsTopic {
    private EventsTopic() {}

    /** Every record value (as JSON) of the topic, now, that matches the filter. */
    static List<JsonNode> read(String bootstrap, String topic, Predicate<JsonNode> filter) {
        List<JsonNode> found = new ArrayList<>();
        scan(bootstrap, topic, (partition, value) -> {
            if (filter.test(value)) {
                found.add(value);
            }
        });
        return found;
    }

    /** How many of the records of the topic that match the filter each partition holds (partitions without any left out). */
    static Map<Integer, Long> countsByPartition(String bootstrap, String topic, Predicate<JsonNode> filter) {
        Map<Integer, Long> counts = new TreeMap<>();
        scan(bootstrap, topic, (partition, value) -> {
            if (filter.test(value)) {
                counts.merge(partition, 1L, Long::sum);
            }
        });
        return counts;
    }

    private static void scan(String bootstrap, String topic, BiConsumer<Integer, JsonNode> visitor) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    visitor.accept(record.partition(), parse(record.value()));
                }
            }
        }
    }

    static List<JsonNode> events(String bootstrap, Predicate<JsonNode> filter) {
        return read(bootstrap, Topics.EVENTS, filter);
    }

    private static JsonNode parse(byte[] value) {
        try {
            return Json.mapper().readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
