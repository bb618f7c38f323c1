package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Re-derives stored raw events with the current processing logic into a new version of a range (decision 0012), in
 * the running Spark driver, showing its progress in hours. The live raw events are not touched; the version becomes
 * live only through the reprocessing switch.
 */
@Command(name = "rederive", description = "Re-derive stored raw events with the current logic into a new raw version.")
final class RederiveCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    /**
     * How long a start may take: the local driver answers at once, a cluster first starts the act's SparkApplication
     * (scheduling, image pull, Spark's session), decision 0052.
     */
    static final Duration START_WAIT = Duration.ofMinutes(15);

    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "INSTANT",
            description = "Start of the range, e.g. 2026-11-01T00:00:00Z.")
    Instant from;

    @Option(names = "--to", required = true, paramLabel = "INSTANT", description = "End of the range (exclusive).")
    Instant to;

    @Option(names = "--merchant", paramLabel = "ID", description = "Only this merchant (repeatable; default: all).")
    List<String> merchants = new ArrayList<>();

    @Option(
            names = "--source",
            defaultValue = "auto",
            paramLabel = "auto|cassandra|archive",
            description = "Where to read the stored events: auto (Cassandra within its retention, the Parquet archive "
                    + "beyond), or one of them for every hour (default: ${DEFAULT-VALUE}).")
    String source;

    @Override
    public Integer call() throws Exception {
        JsonNode status = run(
                admin.client(stack),
                from,
                to,
                merchants,
                source,
                spec.commandLine().getErr());
        if (status == null) {
            return 1;
        }
        spec.commandLine().getOut().println(status);
        spec.commandLine().getOut().flush();
        return "complete".equals(status.path("state").asText()) ? 0 : 1;
    }

    /** A 200 whose body names {@code field}: an act that ended before its start was seen (a cluster's operation). */
    static boolean carries(AdminClient.Answer answer, String field) throws java.io.IOException {
        return answer.statusCode() == 200 && JSON.readTree(answer.body()).hasNonNull(field);
    }

    /** Starts a re-derivation in the driver and follows it to its end; null when the driver refused it (said on err). */
    static JsonNode run(
            AdminClient driver, Instant from, Instant to, List<String> merchants, String source, PrintWriter err)
            throws Exception {
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("from", List.of(from.toString()));
        query.put("to", List.of(to.toString()));
        query.put("merchant", merchants);
        query.put("source", List.of(source));
        // Locally the driver answers at once; in a cluster the act's SparkApplication must start first (decision 0052).
        AdminClient.Answer started = driver.post("/rederive", query, START_WAIT);
        if (started.statusCode() != 202 && !carries(started, "raw_version")) {
            err.println("the driver refused: " + started.body());
            err.flush();
            return null;
        }
        JsonNode status = JSON.readTree(started.body());
        String version = status.path("raw_version").asText();
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("re-derive " + version)
                .setInitialMax(Math.max(1, status.path("hours_total").asLong()))
                .setUnit(" h", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500)
                .build()) {
            while ("running".equals(status.path("state").asText())) {
                TimeUnit.MILLISECONDS.sleep(POLL.toMillis());
                AdminClient.Answer polled = driver.get("/rederive", Map.of());
                if (polled.statusCode() == 200) {
                    status = JSON.readTree(polled.body());
                    bar.stepTo(status.path("hours_done").asLong());
                    bar.setExtraMessage(" " + status.path("events_read").asLong() + " read, "
                            + status.path("rows_written").asLong() + " written");
                }
            }
        }
        return status;
    }
}
