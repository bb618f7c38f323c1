package com.merchantinsights.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@link PipelineBenchmark} measured, printed as a few lines and one {@code RESULT} line.
 *
 * @param window           the measured window's ends and the events applied between them
 * @param runs             the ETL runs that committed in it
 * @param spans            their starts and commits, with the window's first commit
 * @param logged           the driver's log lines of those runs
 * @param sendsFailed      records Kafka did not acknowledge over the whole run
 * @param driverGoneSince  when the Spark driver was seen gone for good, or null
 */
record PipelineReport(
        double rate,
        PipelineShape shape,
        Duration etlInterval,
        Duration archiveInterval,
        PipelineWindow window,
        EtlRuns.Window runs,
        List<EtlRuns.Span> spans,
        List<EtlRunLog> logged,
        PathSplit split,
        FreshnessProbe.Result freshness,
        long sendsFailed,
        int driverRestarts,
        Instant driverGoneSince,
        String loadBefore,
        long stealBefore) {
    /** 5 billion events a day at a 3× peak. */
    private static final double PEAK_EVENTS_PER_SECOND = 174_000;

    void print() {
        PathSampler.Sample start = window.start();
        PathSampler.Sample end = window.end();
        CpuShares cpu = end.cpu();
        double seconds = window.seconds();
        double applied = window.applied() > 0 ? window.applied() : Double.NaN;
        double kafka = cpu.engineSeconds("kafka", start.cpu());
        double cassandra = cpu.engineSeconds("cassandra", start.cpu());
        double postgres = cpu.engineSeconds("postgres", start.cpu());
        double spark = cpu.engineSeconds("spark", start.cpu());
        double path = cpu.dataPathSeconds(start.cpu());
        double bench = cpu.jvmSeconds(start.cpu());
        double machine = cpu.machineCpuSeconds(start.cpu());
        double steal = cpu.stealCores(start.cpu());
        double usPerEvent = path * 1e6 / applied;
        boolean streamKnown = start.streamKnown() && end.streamKnown();
        long produced = end.firsts() + end.resends() - start.firsts() - start.resends();
        long streamRecords = streamKnown ? end.streamRecords() - start.streamRecords() : -1;
        long stored = streamKnown ? end.streamStored() - start.streamStored() : -1;
        double usPerStored = stored > 0 ? path * 1e6 / stored : Double.NaN;
        // The runs' starts bound the feed batches they listed: the events they applied were produced about then.
        double appliedSpan = spans.size() < 2
                ? Double.NaN
                : Duration.between(
                                        spans.get(0).started(),
                                        spans.get(spans.size() - 1).started())
                                .toMillis()
                        / 1e3;
        String loadAfter = loadAverage();

        System.out.printf(
                Locale.ROOT,
                "window: %.0f s, from the commit of ETL run %d to that of run %d: %d runs committed,"
                        + " %d failed; start to commit: mean %.1f s, longest %.1f s; %,d hours rebuilt from raw%n",
                seconds,
                start.committedRun(),
                end.committedRun(),
                runs.succeeded(),
                runs.failed(),
                runs.meanSeconds(),
                runs.maxSeconds(),
                runs.hoursRebuilt());
        System.out.println("  "
                + EtlRunLog.describe(logged.stream()
                        .filter(l -> l.runId() > start.committedRun())
                        .toList()));
        System.out.printf(
                Locale.ROOT,
                "produced %,d events (%,.0f/s; %,d late, %,d re-sends; %d sends failed over the run);"
                        + " the stream read %,d records (%,.0f/s) and stored %,d events%n",
                produced,
                produced / seconds,
                end.late() - start.late(),
                end.resends() - start.resends(),
                sendsFailed,
                streamRecords,
                streamRecords / seconds,
                stored);
        System.out.printf(
                Locale.ROOT,
                "applied to the cube: %,.0f events (totals cuboid of cube_quarter_hour: %,d -> %,d; the"
                        + " runs' starts %.0f s apart: %,.0f events/s); the runs read %,d events (%.3f per event) and wrote"
                        + " %,d rows (%.2f per event)%n",
                applied,
                window.cubeAtStart(),
                window.cubeAtEnd(),
                appliedSpan,
                applied / appliedSpan,
                runs.eventsRead(),
                runs.eventsRead() / applied,
                runs.rowsWritten(),
                runs.rowsWritten() / applied);
        System.out.printf(
                Locale.ROOT,
                "cpu per applied event: %.1f us (kafka %.1f, cassandra %.1f, postgres %.1f, spark driver"
                        + " %.1f); %.2f cores of the path, load generator JVM %.2f, machine busy %.2f, stolen %.2f%n",
                usPerEvent,
                kafka * 1e6 / applied,
                cassandra * 1e6 / applied,
                postgres * 1e6 / applied,
                spark * 1e6 / applied,
                path / seconds,
                bench / seconds,
                machine / seconds,
                steal);
        System.out.printf(Locale.ROOT, "  per event the stream stored in the window instead: %.1f us%n", usPerStored);
        System.out.println("  " + split.describe());
        System.out.printf(
                Locale.ROOT,
                "stream lag (records Kafka acknowledged - records the stream processed): %,d at the"
                        + " window's start, %,d at its end (%+,.0f records/s); %d supervised driver restarts%n",
                start.lag(),
                end.lag(),
                (end.lag() - start.lag()) / seconds,
                driverRestarts);
        System.out.printf(
                Locale.ROOT,
                "freshness (probe sent -> visible in cube_quarter_hour, polled every %d ms): %d probes,"
                        + " p50 %.1f s, p99 %.1f s, max %.1f s; %d not visible when the wait ended%s%n",
                FreshnessProbe.POLL_MS,
                freshness.sent(),
                freshness.seconds(50),
                freshness.seconds(99),
                freshness.maxSeconds(),
                freshness.missing(),
                freshness.missing() > 0 ? " (counted with their wait so far: the figures are lower bounds)" : "");
        if (driverGoneSince != null) {
            System.out.println("** the Spark driver exited at about " + driverGoneSince + " and was not restarted **");
        }
        System.out.printf(
                Locale.ROOT,
                "load average %s before, %s after; steal over the whole run %.1f s%n",
                loadBefore,
                loadAfter,
                (CpuShares.stealNanos() - stealBefore) / 1e9);

        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("path_cpu_us_per_ev", format("%.1f", usPerEvent));
        keys.put("reads_per_event", format("%.3f", runs.eventsRead() / applied));
        keys.put("freshness_p99_s", format("%.1f", freshness.seconds(99)));
        keys.put("cores_5b", format("%.1f", PEAK_EVENTS_PER_SECOND * usPerEvent / 1e6));
        keys.put("path_cpu_us_per_stored_ev", format("%.1f", usPerStored));
        keys.put("stream_us_per_ev", format("%.1f", split.streamUsPerStored()));
        keys.put("etl_us_per_ev", format("%.1f", split.etlUsPerEvent()));
        keys.put("path_us_model", format("%.1f", split.modelUsPerEvent()));
        keys.put("cores_5b_model", format("%.1f", PEAK_EVENTS_PER_SECOND * split.modelUsPerEvent() / 1e6));
        keys.put("rate", format("%.0f", rate));
        keys.put("window_s", format("%.0f", seconds));
        keys.put("applied_span_s", format("%.0f", appliedSpan));
        keys.put("events_produced", String.valueOf(produced));
        keys.put("events_stored", String.valueOf(stored));
        keys.put("events_applied", format("%.0f", applied));
        keys.put("events_read", String.valueOf(runs.eventsRead()));
        keys.put("etl_runs", String.valueOf(runs.succeeded()));
        keys.put("etl_failed", String.valueOf(runs.failed()));
        keys.put("etl_mean_s", format("%.1f", runs.meanSeconds()));
        keys.put("etl_max_s", format("%.1f", runs.maxSeconds()));
        List<EtlRunLog> windowLogged =
                logged.stream().filter(l -> l.runId() > start.committedRun()).toList();
        keys.put("etl_run_s", format("%.1f", EtlRunLog.mean(windowLogged, EtlRunLog::totalMs)));
        keys.put("etl_spark_s", format("%.1f", EtlRunLog.mean(windowLogged, EtlRunLog::sparkMs)));
        keys.put("etl_compaction_s", format("%.1f", EtlRunLog.mean(windowLogged, EtlRunLog::compactionMs)));
        keys.put("hours_rebuilt", String.valueOf(runs.hoursRebuilt()));
        keys.put("rows_per_event", format("%.2f", runs.rowsWritten() / applied));
        keys.put("stream_ev_s", format("%.0f", streamRecords / seconds));
        keys.put("lag_start", String.valueOf(start.lag()));
        keys.put("lag_end", String.valueOf(end.lag()));
        keys.put("lag_growth_per_s", format("%.0f", (end.lag() - start.lag()) / seconds));
        keys.put("kafka_us", format("%.1f", kafka * 1e6 / applied));
        keys.put("cassandra_us", format("%.1f", cassandra * 1e6 / applied));
        keys.put("postgres_us", format("%.1f", postgres * 1e6 / applied));
        keys.put("spark_us", format("%.1f", spark * 1e6 / applied));
        keys.put("freshness_p50_s", format("%.1f", freshness.seconds(50)));
        keys.put("freshness_max_s", format("%.1f", freshness.maxSeconds()));
        keys.put("probes", String.valueOf(freshness.sent()));
        keys.put("probes_missing", String.valueOf(freshness.missing()));
        keys.put("merchants", String.valueOf(shape.merchants().size()));
        keys.put("etl_interval_s", String.valueOf(etlInterval.toSeconds()));
        keys.put("archive_interval_s", String.valueOf(archiveInterval.toSeconds()));
        keys.put("bench_cores", format("%.2f", bench / seconds));
        keys.put("machine_cores", format("%.2f", machine / seconds));
        keys.put("steal_cores", format("%.2f", steal));
        keys.put("load_before", loadBefore.split(" ")[0]);
        keys.put("load_after", loadAfter.split(" ")[0]);
        keys.put("driver_restarts", String.valueOf(driverRestarts));
        keys.put("driver_exited", String.valueOf(driverGoneSince != null));
        System.out.println("RESULT "
                + keys.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(" ")));
    }

    /** The 1-, 5- and 15-minute load averages. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "-1";
        }
    }

    private static String format(String pattern, double value) {
        return String.format(Locale.ROOT, pattern, value);
    }
}
