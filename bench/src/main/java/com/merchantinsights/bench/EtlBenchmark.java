package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.core.layout.WarehouseLayout;
import com.merchantinsights.core.time.Grain;
import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.stack.LocalEngines;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code bench/run etl [events]}: a full rebuild of one UTC day of generated data (default 300,000 events) in two
 * shapes ({@link EtlShape}): {@code sparse}, 1,000 merchants (~3.3 events per merchant and quarter hour), and
 * {@code dense}, as many events over 60 merchants (~52, production's density at 5 billion a day). Each shape runs on
 * an empty raw store and warehouse: the events are loaded as the stream stores them (not timed); the baseline is a
 * plain driver read of the same raw partitions; then the warehouse rebuild ({@code WarehouseRebuild}: every grain
 * in Spark, loaded into PostgreSQL) runs twice on the same data in a Spark JVM that does nothing else, and the second
 * (JIT-warm) run is reported. Kafka is stopped meanwhile: only Spark, Cassandra and PostgreSQL run. Per core = events
 * ÷ the machine's CPU-seconds over the rebuild (/proc/stat); the older figure, events/s ÷ cores, is printed too.
 */
public final class EtlBenchmark {
    private static final double HOUR_OF_5_BILLION_A_DAY = 5e9 / 24;
    /** Rebuilds per shape on the same data; the last one is reported (the first warms the JIT). */
    private static final int RUNS = 2;

    private EtlBenchmark() {}

    /** One shape's load, baseline and rebuilds. */
    private record ShapeResult(
            EtlShape shape,
            long stored,
            int hours,
            ShapeDensity density,
            double readRate,
            List<RebuildMeasurement> runs) {
        RebuildMeasurement reported() {
            return runs.get(runs.size() - 1);
        }
    }

    public static void main(String[] args) throws Exception {
        int eventsPerDay = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        Instant end = EtlShape.measuredDayEnd(Instant.now());
        List<EtlShape> shapes = List.of(EtlShape.sparse(eventsPerDay, end), EtlShape.dense(eventsPerDay, end));
        StackConfig config = BenchStack.freshConfig("etl");
        Progress progress = Progress.console(System.out);
        List<ShapeResult> results = new ArrayList<>();
        try (LocalEngines engines = LocalEngines.start(config, progress);
                CqlSession session = engines.endpoints()
                        .cql()
                        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                                .build())
                        .build()) {
            engines.stopKafka(); // a rebuild reads Cassandra and writes PostgreSQL; nothing else of the system runs
            List<ProcessHandle> daemons = List.of(BenchWarehouse.postmaster(engines));
            try (RebuildProcess spark = RebuildProcess.start(
                    config, engines, config.directories().logs().resolve("rebuild-runner.log"))) {
                progress.step("bench", "Spark JVM for the rebuilds ready (no stream, no schedule)");
                for (EtlShape shape : shapes) {
                    results.add(measure(shape, engines, session, spark, daemons, progress));
                }
            }
        }
        System.out.println(resultLine(results));
    }

    private static ShapeResult measure(
            EtlShape shape,
            LocalEngines engines,
            CqlSession session,
            RebuildProcess spark,
            List<ProcessHandle> daemons,
            Progress progress)
            throws Exception {
        clear(engines, session);
        BenchWarehouse.register(engines, shape.merchants());
        List<GeneratedEvent> events = shape.events();
        long t0 = System.nanoTime();
        long stored = new RawStoreLoader(session).load(events);
        SortedSet<Instant> hours = new TreeSet<>();
        events.forEach(e -> hours.add(RawEventLayout.eventHour(e.occurredAt())));
        ShapeDensity density = ShapeDensity.of(events, shape.merchantCount(), hours.size());
        progress.step(
                "bench",
                String.format(
                        Locale.ROOT,
                        "%s: %,d events of %,d merchants in %d UTC hours (%.1f per merchant "
                                + "and quarter hour; the busiest, %s, %,d per quarter hour) loaded as the stream stores them in %.0f s",
                        shape.name(),
                        stored,
                        shape.merchantCount(),
                        hours.size(),
                        density.perMerchantQuarter(),
                        density.busiestMerchant(),
                        density.busiestPerQuarter(),
                        seconds(t0)));

        long r0 = System.nanoTime();
        long read = PlainRawRead.readAll(session, hours);
        double readRate = read / seconds(r0);
        progress.step(
                "bench",
                String.format(
                        Locale.ROOT,
                        "%s: plain driver read of the same partitions: %,d rows, %,.0f events/s",
                        shape.name(),
                        read,
                        readRate));

        List<RebuildMeasurement> runs = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            RebuildMeasurement measured = RebuildMeasurement.of(spark, hours, daemons);
            runs.add(measured);
            System.out.printf(
                    Locale.ROOT,
                    "%s rebuild %d of %d%s: %s%n",
                    shape.name(),
                    run,
                    RUNS,
                    run == RUNS ? " (JIT warm, reported)" : " (cold JVM, not reported)",
                    measured.describe());
            if (measured.rebuilt().events() != stored) {
                System.out.printf(
                        Locale.ROOT,
                        "** %s: the rebuilt cube counts %,d events of the %,d loaded **%n",
                        shape.name(),
                        measured.rebuilt().events(),
                        stored);
            }
        }
        ShapeResult result = new ShapeResult(shape, stored, hours.size(), density, readRate, runs);
        RebuildMeasurement reported = result.reported();
        System.out.printf(
                Locale.ROOT,
                "%s: rebuild / plain read: %.2f; one hour of 5 billion events a day (%,.0f events) in 10 "
                        + "minutes needs about %.0f cores at %,.0f events per CPU-second%n",
                shape.name(),
                reported.eventsPerSecond() / readRate,
                HOUR_OF_5_BILLION_A_DAY,
                coresForHourIn10Minutes(reported),
                reported.eventsPerCoreSecond());
        return result;
    }

    private static double coresForHourIn10Minutes(RebuildMeasurement measured) {
        return HOUR_OF_5_BILLION_A_DAY / 600 / measured.eventsPerCoreSecond();
    }

    /**
     * One line, the figures of each shape's reported (second) rebuild, keyed by shape: today's keys with a suffix, the
     * per-core rate from CPU-seconds ({@code etl_ev_s_core_*}) and the older events/s ÷ cores ({@code etl_ev_s_core_wall_*}).
     */
    private static String resultLine(List<ShapeResult> results) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("measured_run", RUNS + "of" + RUNS);
        keys.put("hours", String.valueOf(results.get(0).hours()));
        for (ShapeResult r : results) {
            RebuildMeasurement m = r.reported();
            String s = "_" + r.shape().name();
            keys.put("events" + s, String.valueOf(m.rebuilt().events()));
            keys.put("merchants" + s, String.valueOf(r.shape().merchantCount()));
            keys.put("ev_per_merchant_quarter" + s, format("%.1f", r.density().perMerchantQuarter()));
            keys.put("busiest_per_quarter" + s, String.valueOf(r.density().busiestPerQuarter()));
            keys.put("read_ev_s" + s, format("%.0f", r.readRate()));
            keys.put("etl_ev_s" + s, format("%.0f", m.eventsPerSecond()));
            keys.put("etl_ev_s_core" + s, format("%.0f", m.eventsPerCoreSecond()));
            keys.put("etl_ev_s_core_wall" + s, format("%.0f", m.eventsPerSecondPerCore()));
            keys.put("ratio" + s, format("%.3f", m.eventsPerSecond() / r.readRate()));
            keys.put("rows" + s, String.valueOf(m.rebuilt().totalRows()));
            keys.put("rows_per_event" + s, format("%.2f", m.rowsPerEvent()));
            keys.put("wall_s" + s, format("%.1f", m.wallSeconds()));
            keys.put("cold_wall_s" + s, format("%.1f", r.runs().get(0).wallSeconds()));
            keys.put("cpu_s" + s, format("%.1f", m.cpuSeconds()));
            keys.put("spark_s" + s, format("%.1f", m.rebuilt().sparkMs() / 1000.0));
            keys.put("index_s" + s, format("%.1f", m.rebuilt().indexMs() / 1000.0));
            keys.put("load_s" + s, format("%.1f", m.rebuilt().loadMs() / 1000.0));
            keys.put("outside_cores" + s, format("%.2f", m.outsideCores()));
            keys.put("steal_cores" + s, format("%.2f", m.stealCores()));
            keys.put("cores_for_hour_in_10min" + s, format("%.0f", coresForHourIn10Minutes(m)));
        }
        return "RESULT "
                + keys.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" "));
    }

    /** An empty raw store and warehouse: the previous shape's rows, cube rows and merchants gone. */
    private static void clear(LocalEngines engines, CqlSession session) throws SQLException {
        session.execute(SimpleStatement.newInstance(
                        "TRUNCATE " + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENTS_TABLE)
                .setTimeout(Duration.ofMinutes(2)));
        try (Connection c = BenchWarehouse.connect(engines);
                Statement s = c.createStatement()) {
            s.execute("TRUNCATE merchants, "
                    + Arrays.stream(Grain.values())
                            .map(WarehouseLayout::cubeTable)
                            .collect(Collectors.joining(", ")));
        }
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
