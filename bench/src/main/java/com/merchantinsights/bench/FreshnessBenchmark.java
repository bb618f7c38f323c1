package com.merchantinsights.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.cli.GatewayClient;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * {@code bench/run freshness [minutes] [seconds-between-events]}: events go in through the gateway at a steady rate
 * while the ETL runs on its default 5-minute schedule; each event carries its own {@code location_id}, and the
 * benchmark polls the insights API's breakdown by location every few seconds, recording per event when it first
 * appears in an answer. Prints p50/p99/max of that delay. Bar: every event within 60 minutes; goal p99 ≤ 15.
 * The baseline is the schedule itself: an event can wait up to one interval plus one run.
 */
public final class FreshnessBenchmark {
    private static final int EVENTS_PER_MERCHANT = 40;
    private static final Duration POLL = Duration.ofSeconds(5);

    private FreshnessBenchmark() {}

    public static void main(String[] args) throws Exception {
        Duration sending = Duration.ofMinutes(args.length > 0 ? Long.parseLong(args[0]) : 15);
        Duration gap = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 3);
        // The default 5-minute ETL schedule; ports +900 so that it can run beside a CPU-bound benchmark (it measures
        // minutes of schedule delay, which seconds of contention do not change).
        StackConfig config = BenchStack.freshConfig("freshness")
                .withPorts(com.merchantinsights.stack.Ports.defaults().offsetBy(900));
        Progress progress = Progress.console(System.out);
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        try (LocalSystem system = LocalSystem.start(config, progress)) {
            GatewayClient client = system.platformClient();
            Map<String, Instant> sentAt = new HashMap<>();
            Map<String, Duration> delay = new HashMap<>();
            List<String> merchants = new ArrayList<>();
            Instant start = Instant.now();
            Instant nextSend = start;
            Instant nextPoll = start;
            int sequence = 0;
            Instant deadline = start.plus(sending).plus(Duration.ofMinutes(60));
            while (Instant.now().isBefore(deadline)
                    && (Instant.now().isBefore(start.plus(sending)) || delay.size() < sentAt.size())) {
                Instant now = Instant.now();
                if (now.isBefore(start.plus(sending)) && !now.isBefore(nextSend)) {
                    String merchant = "m_fresh_" + run + "_" + (sequence / EVENTS_PER_MERCHANT);
                    if (merchants.isEmpty()
                            || !merchants.get(merchants.size() - 1).equals(merchant)) {
                        merchants.add(merchant);
                    }
                    String location = "loc" + sequence;
                    var answer =
                            client.postEvents("{\"event_id\":\"fresh-" + run + "-" + sequence + "\",\"merchant_id\":\""
                                    + merchant + "\",\"type\":\"order.completed\",\"occurred_at\":\""
                                    + now.atOffset(ZoneOffset.UTC)
                                    + "\",\"amount\":100,\"currency\":\"INR\",\"dimensions\":{\"location_id\":\""
                                    + location + "\"}}");
                    if (answer.status() == 202) {
                        sentAt.put(merchant + "/" + location, now);
                    }
                    sequence++;
                    nextSend = nextSend.plus(gap);
                }
                if (!now.isBefore(nextPoll)) {
                    for (String merchant : merchants) {
                        poll(client, merchant, sentAt, delay);
                    }
                    nextPoll = now.plus(POLL);
                    progress.step(
                            "bench", String.format(Locale.ROOT, "%d sent, %d visible", sentAt.size(), delay.size()));
                }
                Thread.sleep(200);
            }
            Histogram histogram = new Histogram(3);
            delay.values().forEach(d -> histogram.recordValue(Math.max(1, d.toMillis())));
            long missing = sentAt.size() - delay.size();
            System.out.printf(
                    Locale.ROOT,
                    "%d events over %s, ETL every %s: visible after p50 %.1f min, p99 %.1f min, max %.1f min; "
                            + "%d never visible within 60 minutes (bar: all within 60, goal p99 ≤ 15)%n",
                    sentAt.size(),
                    sending,
                    config.etlInterval(),
                    minutes(histogram.getValueAtPercentile(50)),
                    minutes(histogram.getValueAtPercentile(99)),
                    minutes(histogram.getMaxValue()),
                    missing);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT events=%d etl_interval_s=%d p50_min=%.2f p99_min=%.2f max_min=%.2f missing=%d%n",
                    sentAt.size(),
                    config.etlInterval().toSeconds(),
                    minutes(histogram.getValueAtPercentile(50)),
                    minutes(histogram.getValueAtPercentile(99)),
                    minutes(histogram.getMaxValue()),
                    missing);
        }
    }

    private static void poll(
            GatewayClient client, String merchant, Map<String, Instant> sentAt, Map<String, Duration> delay) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        GatewayClient.Answer answer =
                client.get("/v1/insights/breakdown?metric=orders&dimension=location_id&top=50" + "&time_zone=UTC&from="
                        + today.minusDays(1) + "&to=" + today.plusDays(1) + "&merchant_id=" + merchant);
        Instant now = Instant.now();
        for (JsonNode row : answer.body().path("rows")) {
            String key = merchant + "/" + row.path("value").asText();
            Instant sent = sentAt.get(key);
            if (sent != null && row.path("metric_value").asLong() > 0 && !delay.containsKey(key)) {
                delay.put(key, Duration.between(sent, now));
            }
        }
    }

    private static double minutes(long millis) {
        return millis / 60_000.0;
    }
}
