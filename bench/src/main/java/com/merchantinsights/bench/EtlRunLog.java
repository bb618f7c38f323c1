package com.merchantinsights.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One ETL run as the driver logged it when the run ended: its whole duration, compaction and feed pruning after the
 * commit included ({@code etl_runs} records the run at its commit, so its duration leaves them out), and the parts.
 *
 * @param runId          the run's id in {@code etl_runs}
 * @param feedBatches    stream micro-batches it applied
 * @param totalMs        from its start to the end of its compaction
 * @param sparkMs        aggregating the feed (and rebuilt hours) in Spark and loading the staging tables
 * @param warehouseMs    its transaction
 * @param compactionMs   compaction and feed pruning after the commit
 * @param rowsCompacted  rows the compaction wrote
 */
record EtlRunLog(
        long runId,
        int feedBatches,
        long totalMs,
        long sparkMs,
        long warehouseMs,
        long compactionMs,
        long rowsCompacted) {
    private static final Pattern LINE =
            Pattern.compile("cube ETL run (\\d+): (\\d+) feed batch\\(es\\), \\d+ hour\\(s\\)"
                    + " rebuilt, \\d+ event\\(s\\) read, \\d+ row\\(s\\) written, (\\d+) row\\(s\\)"
                    + " compacted, (\\d+) ms \\((\\d+) ms Spark, (\\d+) ms warehouse, (\\d+) ms compaction\\)");

    /** The runs with ids in (after, through] that the driver's log reports. */
    static List<EtlRunLog> read(Path driverLog, long after, long through) {
        try (Stream<String> lines = Files.lines(driverLog)) {
            return lines.map(LINE::matcher)
                    .filter(Matcher::find)
                    .map(EtlRunLog::of)
                    .filter(r -> r.runId() > after && r.runId() <= through)
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of();
        }
    }

    private static EtlRunLog of(Matcher m) {
        return new EtlRunLog(
                Long.parseLong(m.group(1)),
                Integer.parseInt(m.group(2)),
                Long.parseLong(m.group(4)),
                Long.parseLong(m.group(5)),
                Long.parseLong(m.group(6)),
                Long.parseLong(m.group(7)),
                Long.parseLong(m.group(3)));
    }

    /** Means over {@code runs} of the whole run and its parts, in seconds, for a report line. */
    static String describe(List<EtlRunLog> runs) {
        if (runs.isEmpty()) {
            return "the driver's log names none of the window's runs";
        }
        return String.format(
                Locale.ROOT,
                "per run, from the driver's log (%d runs): %.1f s in all = Spark %.1f s + warehouse"
                        + " transaction %.1f s + compaction after the commit %.1f s (+ the rest); %.1f feed batches, %,.0f rows"
                        + " compacted",
                runs.size(),
                mean(runs, EtlRunLog::totalMs),
                mean(runs, EtlRunLog::sparkMs),
                mean(runs, EtlRunLog::warehouseMs),
                mean(runs, EtlRunLog::compactionMs),
                runs.stream().mapToInt(EtlRunLog::feedBatches).average().orElse(0),
                runs.stream().mapToLong(EtlRunLog::rowsCompacted).average().orElse(0));
    }

    /** The mean of a millisecond figure, in seconds; NaN without runs. */
    static double mean(List<EtlRunLog> runs, java.util.function.ToLongFunction<EtlRunLog> millis) {
        return runs.stream().mapToLong(millis).average().orElse(Double.NaN) / 1000.0;
    }
}
