package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.Topics;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Ports;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code bench/run stream [events]}: stream into Cassandra against a plain asynchronous driver writer, in one run
 * on one local stack (ports +600). The same events are produced to the events topic first (not timed); the plain
 * writer stores them with the stream processor's statements into a copy of the raw store's tables, once without
 * and once with the identity claim; then the Spark driver starts and its streaming query drains the topic. The
 * stream's rate is records / (end of its last micro-batch − start of its first), planning and checkpoints included.
 */
public final class StreamBenchmark {
    static final int PORT_OFFSET = 600;
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(20);

    private StreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        StackConfig config = freshConfig();
        Progress progress = Progress.console(System.out);
        List<String> events = StreamCorpus.generate(count, Instant.now());
        try (LocalEngines engines = LocalEngines.start(config, progress)) {
            produce(engines.kafkaBootstrapServers(), events);
            progress.step("bench", count + " events in " + Topics.EVENTS);

            double plainRate;
            double claimRate;
            try (CqlSession session = CqlSession.builder().addContactPoint(engines.cassandraContactPoint())
                    .withLocalDatacenter(engines.cassandraLocalDatacenter())
                    // Schema changes and LWTs under a saturating load take longer than the driver's 2 s default;
                    // the connector's writes wait far longer too.
                    .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                            .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60)).build())
                    .build()) {
                createTablesLike(session, "bench_plain");
                createTablesLike(session, "bench_claim");
                plainRate = new PlainDriverWriter(session, "bench_plain", false).write(events);
                progress.step("bench", rate("plain driver writer, no identity claim", plainRate));
                claimRate = new PlainDriverWriter(session, "bench_claim", true).write(events);
                progress.step("bench", rate("plain driver writer, same statements", claimRate));
            }

            ObjectMapper json = new ObjectMapper();
            JsonNode status;
            try (SparkDriverProcess driver = SparkDriverProcess.start(config, engines.endpoints(), progress)) {
                long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
                do {
                    Thread.sleep(500);
                    status = json.readTree(driver.status());
                } while (status.path("records_total").asLong() < count && System.nanoTime() < deadline);
            }
            long records = status.path("records_total").asLong();
            long windowMs = status.path("drain_window_ms").asLong();
            if (records < count) {
                throw new IllegalStateException("the stream processed " + records + " of " + count + " records in " + DRAIN_TIMEOUT);
            }
            double streamRate = records / (windowMs / 1000.0);
            progress.step("bench", rate("Spark streaming job", streamRate) + " (" + status.path("events_stored_total").asLong()
                    + " stored, " + status.path("duplicates_total").asLong() + " duplicates, " + status.path("batches_stored").asLong()
                    + " batches)");
            double ratio = streamRate / claimRate;
            System.out.printf(Locale.ROOT, "stream / plain writer: %.0f %%  (bar 70 %%, goal 85 %%); identity claim costs the plain writer %.0f %%%n",
                    ratio * 100, (1 - claimRate / plainRate) * 100);
            System.out.printf(Locale.ROOT, "RESULT events=%d plain_no_claim_ev_s=%.0f plain_ev_s=%.0f stream_ev_s=%.0f ratio=%.2f claim_cost=%.2f%n",
                    count, plainRate, claimRate, streamRate, ratio, 1 - claimRate / plainRate);
        }
    }

    private static String rate(String what, double eventsPerSecond) {
        return String.format(Locale.ROOT, "%s: %,.0f events/s", what, eventsPerSecond);
    }

    private static void produce(String bootstrap, List<String> events) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        ObjectMapper json = new ObjectMapper();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            for (String value : events) {
                String key;
                try {
                    key = json.readTree(value).get("event_id").asText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                producer.send(new ProducerRecord<>(Topics.EVENTS, key, value));
            }
            producer.flush();
        }
    }

    /** The raw store's schema file applied to another keyspace: the same layout, compaction and TTLs. */
    private static void createTablesLike(CqlSession session, String keyspace) throws IOException {
        String script;
        try (InputStream in = RawEventLayout.class.getClassLoader().getResourceAsStream("schema/cassandra.cql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder statement = new StringBuilder();
        for (String line : script.split("\n")) {
            if (line.strip().startsWith("--")) {
                continue;
            }
            statement.append(line).append('\n');
            if (line.strip().endsWith(";")) {
                String cql = statement.toString().strip();
                session.execute(cql.substring(0, cql.length() - 1).replaceAll("\\b" + RawEventLayout.KEYSPACE + "\\b", keyspace));
                statement.setLength(0);
            }
        }
    }

    private static StackConfig freshConfig() {
        Path workDir = Path.of("bench", "target", "work", "stream").toAbsolutePath();
        if (!Files.exists(workDir.getParent().getParent().getParent())) {
            workDir = Path.of("target", "work", "stream").toAbsolutePath();
        }
        deleteRecursively(workDir);
        return StackConfig.defaults(workDir).withPorts(Ports.defaults().offsetBy(PORT_OFFSET)).withDurableWarehouse(false)
                .withEtlInterval(Duration.ofHours(1));
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
