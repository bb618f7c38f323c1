package com.merchantinsights.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.RawEventLayout;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What the tests that send events through the shared system and look at the raw store share: sessions on its engines,
 * a producer that bypasses the edge, the gateway's ingest, and the stored raw rows of one merchant's hour.
 */
final class SharedPipeline {
    private SharedPipeline() {}

    /** A session on the shared Cassandra, in the raw store's keyspace. */
    static CqlSession cassandra() {
        LocalSystem system = SharedSystem.system();
        return system.engines()
                .endpoints()
                .cql()
                .withKeyspace(RawEventLayout.KEYSPACE)
                .build();
    }

    /** Writes straight to Kafka, past the events API's validation: how records the stream rejects get there. */
    static KafkaProducer<String, String> producer() {
        Properties p = new Properties();
        p.put(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedSystem.system().engines().kafkaBootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return new KafkaProducer<>(p);
    }

    /** Posts events through the gateway with the platform key; every one must be accepted. */
    static void post(String... events) {
        var answer =
                SharedSystem.system().platformClient().postEvents("{\"events\":[" + String.join(",", events) + "]}");
        assertThat(answer.status()).as("%s", answer.body()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(events.length);
    }

    /** The event ids of the merchant's raw rows in the hour, from every shard. */
    static List<String> storedIds(CqlSession cassandra, String merchant, Instant hour) {
        List<String> ids = new ArrayList<>();
        for (int shard : RawEventLayout.allShards()) {
            for (Row row : cassandra.execute(
                    "SELECT event_id FROM raw_events WHERE event_hour = ? AND shard = ?" + " AND merchant_id = ?",
                    hour,
                    shard,
                    merchant)) {
                ids.add(row.getString(0));
            }
        }
        return ids;
    }

    /** An order of 499.00 INR with a customer, a channel and free properties. */
    static String order(String merchant, String eventId, Instant at) {
        return "{\"event_id\":\"" + eventId + "\",\"merchant_id\":\"" + merchant + "\",\"type\":\"order.completed\","
                + "\"occurred_at\":\"" + at.atOffset(ZoneOffset.UTC) + "\",\"amount\":49900,\"currency\":\"INR\","
                + "\"customer_id\":\"c-1\",\"dimensions\":{\"channel\":\"web\"},\"properties\":{\"note\":\"kept\"}}";
    }
}
