package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleGenerator;
import com.merchantinsights.sample.SampleMerchant;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.SparkDriverProcess;
import com.merchantinsights.stack.StackConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bench/run etl [events] [merchants]}: a full rebuild of one day of generated data (default 300,000 events of
 * 1,000 merchants in seven zones) by the cube ETL on the local stack. The events are bulk-loaded into the raw store
 * with their dirty marks (not timed); the baseline, in the same run, is a plain asynchronous driver reading the same
 * raw partitions (the least any rebuild must do); then the Spark driver's ETL rebuilds every grain. Events per second
 * per core divide by the machine's cores (Spark, Cassandra and PostgreSQL share them), and the sizing for 5 billion
 * events a day follows from it.
 */
public final class EtlBenchmark {
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final double HOUR_OF_5_BILLION_A_DAY = 5e9 / 24;

    private EtlBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        int merchants = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        StackConfig config = BenchStack.freshConfig("etl").withEtlInterval(Duration.ofHours(6));
        Progress progress = Progress.console(System.out);
        SampleGenerator generator = new SampleGenerator(new SampleGenerator.Settings(7, merchants, 1, events,
                Instant.now().truncatedTo(ChronoUnit.HOURS), 0, 0));
        List<GeneratedEvent> generated = generator.events();
        try (LocalEngines engines = LocalEngines.start(config, progress);
             CqlSession session = CqlSession.builder().addContactPoint(engines.cassandraContactPoint())
                     .withLocalDatacenter(engines.cassandraLocalDatacenter())
                     .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                             .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60)).build())
                     .build()) {
            register(engines, generator.merchants());
            long stored = new RawStoreLoader(session).load(generated);
            TreeSet<Instant> hours = new TreeSet<>();
            generated.forEach(e -> hours.add(RawEventLayout.eventHour(e.occurredAt())));
            progress.step("bench", String.format(Locale.ROOT, "%,d events of %,d merchants in %d UTC hours bulk-loaded",
                    stored, merchants, hours.size()));

            long t0 = System.nanoTime();
            long read = readAll(session, hours);
            double readRate = read / seconds(t0);
            progress.step("bench", String.format(Locale.ROOT, "plain driver read of the same partitions: %,.0f events/s", readRate));

            JsonNode summary;
            try (SparkDriverProcess driver = SparkDriverProcess.start(config, engines.endpoints(), progress)) {
                summary = new ObjectMapper().readTree(driver.runEtlNow());
            }
            long eventsRead = summary.path("events_read").asLong();
            double etlSeconds = summary.path("duration_ms").asLong() / 1000.0;
            double etlRate = eventsRead / etlSeconds;
            double perCore = etlRate / CORES;
            double coresForOneHour = HOUR_OF_5_BILLION_A_DAY / 600 / perCore;
            System.out.printf(Locale.ROOT, "cube ETL: %,d events, %,d rows written in %.1f s (Spark %.1f s, warehouse %.1f s): "
                            + "%,.0f events/s, %,.0f events/s per core (goal 100,000)%n", eventsRead,
                    summary.path("rows_written").asLong(), etlSeconds, summary.path("stage_ms").asLong() / 1000.0,
                    summary.path("warehouse_ms").asLong() / 1000.0, etlRate, perCore);
            System.out.printf(Locale.ROOT, "ETL / plain read: %.2f; one hour of 5 billion events a day (%,.0f events) in 10 minutes "
                    + "needs about %.0f cores at this rate%n", etlRate / readRate, HOUR_OF_5_BILLION_A_DAY, coresForOneHour);
            System.out.printf(Locale.ROOT, "RESULT events=%d merchants=%d hours=%d read_ev_s=%.0f etl_ev_s=%.0f etl_ev_s_core=%.0f "
                            + "ratio=%.3f stage_s=%.1f warehouse_s=%.1f rows=%d cores_for_hour_in_10min=%.0f%n", eventsRead,
                    merchants, hours.size(), readRate, etlRate, perCore, etlRate / readRate,
                    summary.path("stage_ms").asLong() / 1000.0, summary.path("warehouse_ms").asLong() / 1000.0,
                    summary.path("rows_written").asLong(), coresForOneHour);
        }
    }

    private static void register(LocalEngines engines, List<SampleMerchant> merchants) throws Exception {
        try (Connection c = DriverManager.getConnection(engines.jdbcUrl(), engines.jdbcUser(), engines.jdbcPassword());
             java.sql.PreparedStatement p = c.prepareStatement("INSERT INTO merchants (merchant_id, display_name, time_zone, "
                     + "week_start, reporting_currency, created_at, updated_at) VALUES (?, ?, ?, 'MONDAY', ?, now(), now())")) {
            for (SampleMerchant m : merchants) {
                p.setString(1, m.merchantId());
                p.setString(2, m.merchantId());
                p.setString(3, m.zone().getId());
                p.setString(4, m.currency());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** Reads every (hour, shard) partition with the columns the ETL reads, 32 partitions in flight. */
    private static long readAll(CqlSession session, TreeSet<Instant> hours) throws InterruptedException {
        PreparedStatement select = session.prepare("SELECT merchant_id, event_type, occurred_at, customer_id, anonymous_id, "
                + "amount, currency, dimensions FROM " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENTS_TABLE
                + " WHERE event_hour = ? AND shard = ?");
        AtomicLong rows = new AtomicLong();
        Semaphore inFlight = new Semaphore(32);
        com.merchantinsights.core.layout.ShardLayout layout = RawShards.layout(session);
        for (Instant hour : hours) {
            for (int shard : layout.shardsOfHour(hour)) {
                inFlight.acquire();
                session.executeAsync(select.bind(hour, shard).setPageSize(5000)).toCompletableFuture()
                        .thenCompose(page -> drain(page, rows))
                        .whenComplete((r, e) -> inFlight.release());
            }
        }
        inFlight.acquire(32);
        return rows.get();
    }

    private static CompletionStage<Void> drain(AsyncResultSet page, AtomicLong rows) {
        for (var row : page.currentPage()) {
            row.getString(0);
            rows.incrementAndGet();
        }
        return page.hasMorePages() ? page.fetchNextPage().thenCompose(next -> drain(next, rows))
                : CompletableFuture.completedFuture(null);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
