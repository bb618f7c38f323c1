package com.merchantinsights.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.cli.LocalSystem;
import com.merchantinsights.core.layout.RawEventLayout;
import com.merchantinsights.sample.GeneratedEvent;
import com.merchantinsights.sample.SampleGenerator;
import com.merchantinsights.sample.SampleMerchant;
import com.merchantinsights.stack.Progress;
import com.merchantinsights.stack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * {@code bench/run query [events-per-day] [merchants]}: on 90 days of generated data for 1,000 merchants (bulk-loaded
 * into the raw store, cubes built by our ETL), the latency of a 90-day daily series of orders grouped by channel
 * through the gateway at rising request rates (open loop), and in the same run the same answer computed from the raw
 * events in Cassandra; prints the ratio. The open hour, day, week and month hold the delta rows they would at a month's
 * end ({@link BenchWarehouse#addOpenPeriodDeltas}). Bar: p99 ≤ 50 ms at 200 requests/s and ≥ 20×.
 */
public final class QueryBenchmark {
    private static final int DAYS = 90;
    private static final double[] RATES = {50, 100, 200, 400, 700, 1000};

    private QueryBenchmark() {}

    public static void main(String[] args) throws Exception {
        int eventsPerDay = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int merchantCount = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Duration phase = Duration.ofSeconds(args.length > 2 ? Long.parseLong(args[2]) : 10);
        StackConfig config = BenchStack.freshConfig("query").withEtlInterval(Duration.ofHours(6));
        Progress progress = Progress.console(System.out);
        SampleGenerator generator = new SampleGenerator(new SampleGenerator.Settings(
                11, merchantCount, DAYS, eventsPerDay, Instant.now().truncatedTo(ChronoUnit.HOURS), 0, 0));
        try (LocalSystem system = LocalSystem.start(config, progress);
                CqlSession session = system.engines()
                        .endpoints()
                        .cql()
                        .withConfigLoader(DriverConfigLoader.programmaticBuilder()
                                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(60))
                                .build())
                        .build()) {
            for (SampleMerchant m : generator.merchants()) {
                var answer = system.platformClient()
                        .putMerchant(
                                m.merchantId(),
                                "{\"display_name\":\"" + m.merchantId()
                                        + "\",\"time_zone\":\"" + m.zone().getId()
                                        + "\",\"week_start\":\"MONDAY\",\"reporting_currency\":\""
                                        + m.currency() + "\"}");
                if (answer.status() / 100 != 2) {
                    throw new IllegalStateException("registering " + m.merchantId() + ": " + answer);
                }
            }
            // The noisy-neighbour phase's quiet merchant asks 200 queries/s, four times the default quota (issue 24):
            // its own, set before any query so that the insights API reads it with its first.
            List<SampleMerchant> heaviest = generator.merchants().stream()
                    .sorted((a, b) -> Double.compare(b.weight(), a.weight()))
                    .toList();
            String quiet = heaviest.get(0).merchantId();
            String noisy = heaviest.get(1).merchantId();
            setQuota(system, quiet, QUIET_RATE * 2, 64);
            long t0 = System.nanoTime();
            Loaded loaded = load(session, generator);
            long stored = loaded.stored();
            progress.step(
                    "bench",
                    String.format(
                            Locale.ROOT,
                            "%,d events of %,d merchants over %d days bulk-loaded in %.0f s",
                            stored,
                            merchantCount,
                            DAYS,
                            (System.nanoTime() - t0) / 1e9));
            // Written past the stream, so in no cube feed: the whole warehouse is rebuilt from them (decision 0027).
            Instant loadedFrom = loaded.from();
            Instant loadedTo = loaded.to();
            JsonNode etl = new ObjectMapper().readTree(system.spark().rebuildWarehouse(loadedFrom, loadedTo, true));
            progress.step("bench", "cubes built by the warehouse rebuild: " + etl);
            // -Dbench.noDeltas=true (BENCH_JAVA_OPTS): the same run on compacted rows only, for comparison.
            long deltaRows =
                    Boolean.getBoolean("bench.noDeltas") ? 0 : BenchWarehouse.addOpenPeriodDeltas(system.engines());
            progress.step(
                    "bench",
                    String.format(
                            Locale.ROOT,
                            "%,d delta rows added to the open hour, day, week and"
                                    + " month of every merchant, as an open month holds them at its end",
                            deltaRows));

            // The merchants with the most events: the heaviest answers.
            List<SampleMerchant> merchants = generator.merchants().stream()
                    .sorted((a, b) -> Double.compare(b.weight(), a.weight()))
                    .toList();
            List<String> paths = new ArrayList<>();
            // Each merchant's last day, fixed once: a run crossing a merchant's midnight must ask both sides the same
            // days.
            Map<String, LocalDate> lastDays = new java.util.HashMap<>();
            for (SampleMerchant m : merchants) {
                LocalDate to = LocalDate.now(m.zone());
                lastDays.put(m.merchantId(), to);
                paths.add("/v1/insights/timeseries?metric=orders&group_by=channel&granularity=day&from="
                        + to.minusDays(DAYS - 1) + "&to=" + to + "&merchant_id=" + m.merchantId());
            }
            List<HttpLoad.Latency> latencies = new ArrayList<>();
            double p99At200 = Double.NaN;
            try (HttpLoad load = new HttpLoad(
                    system.services().gatewayUri().resolve("/v1/events"),
                    List.of(system.secrets().platformKey()))) {
                load.openLoopGets(paths, 100, Duration.ofSeconds(10)); // warm-up, not recorded
                List<ProcessHandle> daemons = List.of(BenchWarehouse.postmaster(system.engines()));
                for (double rate : RATES) {
                    CpuShares start = CpuShares.now(daemons);
                    HttpLoad.Latency latency = load.openLoopGets(paths, rate, phase);
                    CpuShares end = CpuShares.now(daemons);
                    latencies.add(latency);
                    System.out.printf(
                            Locale.ROOT,
                            "%,6.0f requests/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms, errors %d%n",
                            rate,
                            latency.p50Ms(),
                            latency.p99Ms(),
                            latency.maxMs(),
                            latency.errors());
                    // Where a request's CPU goes: the gateway and insights API (this JVM), PostgreSQL, the load
                    // generator.
                    CpuShares.Usage cpu = end.since(start);
                    System.out.printf(
                            Locale.ROOT,
                            "  cpu per request: services %.2f ms (GC %.2f), postgres %.2f ms, load"
                                    + " generator %.2f ms; %s%n",
                            cpu.services() * 1e3 / rate,
                            cpu.gc() * 1e3 / rate,
                            end.engineSeconds("postgres", start) * 1e3 / (rate * end.secondsSince(start)),
                            cpu.client() * 1e3 / rate,
                            cpu);
                    if (rate == 200) {
                        p99At200 = latency.p99Ms();
                    }
                    if (latency.p99Ms() > 1000 || latency.errors() > 0) {
                        break;
                    }
                }
            }
            Neighbours neighbours = noisyNeighbour(system, quiet, noisy, lastDays, phase);

            // The same answers from raw events, for the three heaviest merchants, checked equal to the API's.
            HttpClient http = HttpClient.newHttpClient();
            double rawMs = 0;
            double cubeMs = 0;
            int samples = 3;
            for (int i = 0; i < samples; i++) {
                SampleMerchant m = merchants.get(i);
                long r0 = System.nanoTime();
                Map<String, Long> raw = fromRaw(session, m.merchantId(), m.zone(), lastDays.get(m.merchantId()));
                rawMs += (System.nanoTime() - r0) / 1e6;
                long c0 = System.nanoTime();
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create(system.services().gatewayUri() + paths.get(i)))
                                .header(
                                        "Authorization",
                                        "Bearer " + system.secrets().platformKey())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                cubeMs += (System.nanoTime() - c0) / 1e6;
                Map<String, Long> cube = fromAnswer(new ObjectMapper().readTree(response.body()));
                if (!raw.equals(cube)) {
                    throw new IllegalStateException(
                            "cube and raw answers differ for " + m.merchantId() + ":\n" + cube + "\n" + raw);
                }
            }
            rawMs /= samples;
            cubeMs /= samples;
            HttpLoad.Latency best = latencies.get(0);
            double maxRate = 0;
            for (int i = 0; i < latencies.size(); i++) {
                if (latencies.get(i).errors() == 0 && latencies.get(i).p99Ms() <= 50) {
                    maxRate = RATES[i];
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "same answer from raw events: %.0f ms vs %.1f ms from cubes (one request, unloaded): %.0f× "
                            + "(bar 20×, goal 100×)%n",
                    rawMs,
                    cubeMs,
                    rawMs / cubeMs);
            System.out.printf(
                    Locale.ROOT,
                    "RESULT events=%d merchants=%d days=%d delta_rows=%d p50_ms_50rps=%.1f"
                            + " p99_ms_200rps=%.1f max_rps_p99_under_50ms=%.0f raw_ms=%.0f cube_ms=%.1f ratio=%.0f"
                            + " p99_ms_quiet_alone=%.1f p99_ms_quiet_with_noise=%.1f noisy_429_share=%.3f"
                            + " quiet_errors=%d%n",
                    stored,
                    merchantCount,
                    DAYS,
                    deltaRows,
                    best.p50Ms(),
                    p99At200,
                    maxRate,
                    rawMs,
                    cubeMs,
                    rawMs / cubeMs,
                    neighbours.quietAlone(),
                    neighbours.quietWithNoise(),
                    neighbours.noisyRefusedShare(),
                    neighbours.quietErrors());
        }
    }

    /** The quiet merchant's rate in the noisy-neighbour phase; the noisy one sends ten times its quota. */
    static final double QUIET_RATE = 200;

    static final int NOISE_ROUNDS = 5;

    /** What the noisy-neighbour phase measured: medians of the rounds' p99, and the noise refused. */
    record Neighbours(double quietAlone, double quietWithNoise, double noisyRefusedShare, long quietErrors) {}

    /**
     * Issue 24's noisy neighbour: in interleaved rounds, the quiet merchant alone at 200 queries/s, then the same with
     * another merchant sending ten times its quota at once; the quiet one's p99 both ways, and the noise's 429 share.
     */
    private static Neighbours noisyNeighbour(
            LocalSystem system, String quiet, String noisy, Map<String, LocalDate> lastDays, Duration phase)
            throws Exception {
        int noisyQuota = com.merchantinsights.insights.MerchantQuotas.Quota.DEFAULT.queriesPerSecond();
        List<String> quietPaths = dayQueries(quiet, lastDays.get(quiet));
        List<String> noisyPaths = dayQueries(noisy, lastDays.get(noisy));
        List<Double> alone = new ArrayList<>();
        List<Double> withNoise = new ArrayList<>();
        long noiseSent = 0;
        long noiseRefused = 0;
        long quietErrors = 0;
        try (HttpLoad load = new HttpLoad(
                        system.services().gatewayUri().resolve("/v1/events"),
                        List.of(system.secrets().platformKey()));
                HttpLoad noise = new HttpLoad(
                        system.services().gatewayUri().resolve("/v1/events"),
                        List.of(system.secrets().platformKey()))) {
            // Warm-up, not recorded: the quiet merchant alone, then with the noise, whose path (the refusals, the noisy
            // merchant's own rows) would otherwise first be compiled and read in round 1.
            load.openLoopGets(quietPaths, QUIET_RATE, Duration.ofSeconds(5));
            java.util.concurrent.CompletableFuture<HttpLoad.Latency> warmNoise =
                    inBackground(noise, noisyPaths, noisyQuota * 10.0, Duration.ofSeconds(5));
            load.openLoopGets(quietPaths, QUIET_RATE, Duration.ofSeconds(5));
            warmNoise.join();
            for (int round = 1; round <= NOISE_ROUNDS; round++) {
                HttpLoad.Latency quietOnly = load.openLoopGets(quietPaths, QUIET_RATE, phase);
                java.util.concurrent.CompletableFuture<HttpLoad.Latency> noisyLoad =
                        inBackground(noise, noisyPaths, noisyQuota * 10.0, phase);
                HttpLoad.Latency quietNoisy = load.openLoopGets(quietPaths, QUIET_RATE, phase);
                HttpLoad.Latency noisyOne = noisyLoad.join();
                alone.add(quietOnly.p99Ms());
                withNoise.add(quietNoisy.p99Ms());
                noiseSent += noisyOne.answers();
                noiseRefused += noisyOne.count(429);
                quietErrors += quietOnly.errors() + quietNoisy.errors();
                System.out.printf(
                        Locale.ROOT,
                        "noisy neighbour, round %d: quiet alone p99 %.1f ms; with noise p99 %.1f ms (p50 %.1f);"
                                + " the noise %,d answers, %,d of them 429 (%s)%n",
                        round,
                        quietOnly.p99Ms(),
                        quietNoisy.p99Ms(),
                        quietNoisy.p50Ms(),
                        noisyOne.answers(),
                        noisyOne.count(429),
                        noisyOne.statuses());
                System.out.printf(
                        Locale.ROOT,
                        "  slowest alone: %s%n  slowest with noise: %s%n",
                        slowest(quietOnly, quietPaths),
                        slowest(quietNoisy, quietPaths));
            }
        }
        return new Neighbours(
                median(alone), median(withNoise), noiseSent == 0 ? 0 : (double) noiseRefused / noiseSent, quietErrors);
    }

    /** An open-loop phase of GETs on another thread, while this one measures. */
    private static java.util.concurrent.CompletableFuture<HttpLoad.Latency> inBackground(
            HttpLoad load, List<String> paths, double rate, Duration phase) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return load.openLoopGets(paths, rate, phase);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** A phase's slowest requests as "time ms metric", to read a tail against the GC and service logs. */
    private static String slowest(HttpLoad.Latency latency, List<String> paths) {
        return latency.slowest().stream()
                .map(slow -> String.format(
                        Locale.ROOT,
                        "%s %.1f ms %s",
                        java.time.LocalTime.ofInstant(slow.intended(), java.time.ZoneOffset.UTC),
                        slow.ms(),
                        paths.get((int) (slow.index() % paths.size())).replaceAll(".*metric=([a-z_]+).*", "$1")))
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** A dashboard's day-by-day chart of the last 30 days, by channel: a query each of the metrics it shows. */
    private static List<String> dayQueries(String merchant, LocalDate to) {
        List<String> paths = new ArrayList<>();
        for (String metric : List.of("orders", "revenue", "unique_customers")) {
            paths.add("/v1/insights/timeseries?metric=" + metric + "&group_by=channel&granularity=day&from="
                    + to.minusDays(29) + "&to=" + to + "&merchant_id=" + merchant);
        }
        return paths;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** A merchant's own query quota, through the admin route (issue 24). */
    private static void setQuota(LocalSystem system, String merchant, double perSecond, int atOnce) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(system.services()
                                        .gatewayUri()
                                        .resolve("/v1/merchants/" + merchant + "/query-quota"))
                                .header(
                                        "Authorization",
                                        "Bearer " + system.secrets().adminKey())
                                .header("Content-Type", "application/json")
                                .PUT(HttpRequest.BodyPublishers.ofString("{\"queries_per_second\":" + (int) perSecond
                                        + ",\"concurrent_queries\":" + atOnce + "}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException(
                    "setting " + merchant + "'s quota: " + answer.statusCode() + " " + answer.body());
        }
    }

    /** What the bulk load wrote: how many events, from which hour to which (exclusive). */
    private record Loaded(long stored, Instant from, Instant to) {}

    /**
     * Generates and bulk-loads the events in a method of its own, so that the list (~0.5 GB for 510 k events) is
     * garbage once loaded: the services under test share this JVM, and a heap kept full by the benchmark's own data
     * made their young pauses (up to 170 ms) part of the measured tail.
     */
    private static Loaded load(CqlSession session, SampleGenerator generator) throws InterruptedException {
        List<GeneratedEvent> events = generator.events();
        long stored = new RawStoreLoader(session).load(events);
        Instant from = events.stream()
                .map(GeneratedEvent::occurredAt)
                .min(Instant::compareTo)
                .orElseThrow()
                .truncatedTo(ChronoUnit.HOURS);
        Instant to = events.stream()
                .map(GeneratedEvent::occurredAt)
                .max(Instant::compareTo)
                .orElseThrow()
                .truncatedTo(ChronoUnit.HOURS)
                .plus(1, ChronoUnit.HOURS);
        return new Loaded(stored, from, to);
    }

    /** Orders per local day and channel, read from every raw partition of the 90 days (its merchant's slice of each). */
    private static Map<String, Long> fromRaw(CqlSession session, String merchant, ZoneId zone, LocalDate to)
            throws InterruptedException {
        PreparedStatement select = session.prepare("SELECT event_type, occurred_at, dimensions FROM "
                + RawEventLayout.KEYSPACE + "." + RawEventLayout.RAW_EVENTS_TABLE
                + " WHERE event_hour = ? AND shard = ? AND merchant_id = ?");
        Instant start = to.minusDays(DAYS - 1).atStartOfDay(zone).toInstant().truncatedTo(ChronoUnit.HOURS);
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, Long> counts = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(64);
        com.merchantinsights.core.layout.ShardLayout layout = RawShards.layout(session);
        for (Instant hour = start; hour.isBefore(end); hour = hour.plus(Duration.ofHours(1))) {
            for (int shard : layout.shardsOfHour(hour)) {
                inFlight.acquire();
                session.executeAsync(select.bind(hour, shard, merchant))
                        .toCompletableFuture()
                        .thenCompose(page -> drain(page, counts, zone, to))
                        .whenComplete((r, e) -> inFlight.release());
            }
        }
        inFlight.acquire(64);
        return new TreeMap<>(counts);
    }

    private static CompletionStage<Void> drain(
            AsyncResultSet page, Map<String, Long> counts, ZoneId zone, LocalDate to) {
        for (Row row : page.currentPage()) {
            LocalDate day = LocalDate.ofInstant(row.getInstant(1), zone);
            if (row.getString(0).equals("order.completed")
                    && !day.isBefore(to.minusDays(DAYS - 1))
                    && !day.isAfter(to)) {
                String channel = row.getMap(2, String.class, String.class).getOrDefault("channel", "(not set)");
                counts.merge(day + " " + channel, 1L, Long::sum);
            }
        }
        return page.hasMorePages()
                ? page.fetchNextPage().thenCompose(next -> drain(next, counts, zone, to))
                : CompletableFuture.completedFuture(null);
    }

    /** The API's answer in the same shape; "(other)" cannot occur with top 5 and the generator's channels. */
    private static Map<String, Long> fromAnswer(JsonNode answer) {
        Map<String, Long> counts = new TreeMap<>();
        for (JsonNode series : answer.path("series")) {
            for (JsonNode point : series.path("points")) {
                if (point.path("value").asLong() > 0) {
                    counts.put(
                            point.path("start").asText() + " "
                                    + series.path("group").asText(),
                            point.path("value").asLong());
                }
            }
        }
        return counts;
    }
}
