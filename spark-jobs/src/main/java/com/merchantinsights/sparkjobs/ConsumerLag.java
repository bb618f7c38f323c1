package com.merchantinsights.sparkjobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Records of the events topic not yet processed, as of the last micro-batch: the Kafka source's latest offsets
 * minus the offsets the batch read up to, summed over partitions (Spark reports both as JSON
 * {@code {"topic":{"0":123,...}}}). Read from the query's progress, so no extra Kafka client is needed.
 */
final class ConsumerLag {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConsumerLag() {}

    /** The summed lag, or -1 when either side is unknown (no batch yet). */
    static long of(String endOffsetJson, String latestOffsetJson) {
        if (endOffsetJson == null || latestOffsetJson == null) {
            return -1;
        }
        try {
            JsonNode end = JSON.readTree(endOffsetJson);
            JsonNode latest = JSON.readTree(latestOffsetJson);
            long lag = 0;
            for (Iterator<Map.Entry<String, JsonNode>> topics = latest.fields(); topics.hasNext(); ) {
                Map.Entry<String, JsonNode> topic = topics.next();
                for (Iterator<Map.Entry<String, JsonNode>> partitions =
                                topic.getValue().fields();
                        partitions.hasNext(); ) {
                    Map.Entry<String, JsonNode> partition = partitions.next();
                    long read =
                            end.path(topic.getKey()).path(partition.getKey()).asLong(0);
                    lag += Math.max(0, partition.getValue().asLong() - read);
                }
            }
            return lag;
        } catch (IOException e) {
            return -1;
        }
    }
}
