package com.merchantinsights.bench;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * What a Kafka producer did, from its own metrics: record and batch sizes and the compression it got. Printed for the
 * baseline and for the events API's producer, so that a reader can check both wrote the same bytes the same way.
 */
record ProducerStats(Map<String, Double> values) {
    private static final List<String> NAMES = List.of(
            "record-size-avg",
            "batch-size-avg",
            "compression-rate-avg",
            "records-per-request-avg",
            "record-queue-time-avg",
            "request-latency-avg");

    static ProducerStats of(Map<MetricName, ? extends Metric> metrics) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (String name : NAMES) {
            metrics.entrySet().stream()
                    .filter(e -> e.getKey().group().equals("producer-metrics")
                            && e.getKey().name().equals(name))
                    .findFirst()
                    .ifPresent(e -> values.put(name, ((Number) e.getValue().metricValue()).doubleValue()));
        }
        return new ProducerStats(values);
    }

    /** The producer of this JVM whose client id is not {@code excludedClientId}: the events API's, found through JMX. */
    static ProducerStats fromJmx(String excludedClientId) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Map<String, Double> values = new LinkedHashMap<>();
        try {
            for (ObjectName name :
                    server.queryNames(new ObjectName("kafka.producer:type=producer-metrics,client-id=*"), null)) {
                if (name.getKeyProperty("client-id").equals(excludedClientId)) {
                    continue;
                }
                for (String metric : NAMES) {
                    Object value = server.getAttribute(name, metric);
                    if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                        values.merge(metric, n.doubleValue(), Math::max);
                    }
                }
            }
        } catch (Exception e) {
            System.out.println("  (producer metrics unavailable: " + e + ")");
        }
        return new ProducerStats(values);
    }

    void print(String who) {
        StringBuilder line = new StringBuilder("  ").append(who).append(" producer:");
        values.forEach((name, value) -> line.append(String.format(" %s=%.1f", name, value)));
        System.out.println(line);
    }
}
